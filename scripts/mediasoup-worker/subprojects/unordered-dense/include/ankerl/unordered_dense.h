/*
 * Stand-in for ankerl::unordered_dense (https://github.com/martinus/unordered_dense), which
 * mediasoup >= 3.2x uses for its hash maps and sets. Neither Debian 12 nor the npm registry ships
 * it, and nothing else may be downloaded, so this header gives the worker the names it uses
 * (map, set, hash) on top of std::unordered_map / std::unordered_set.
 *
 * What is the same: lookups, inserts, erases, iteration of every element, custom hashers and
 * equality. What differs: the real maps keep their elements in one dense vector (faster
 * iteration, iterators invalidated on erase); std's node-based maps are slower to iterate and
 * keep iterators to other elements valid, which is strictly more permissive. The worker does not
 * depend on iteration order (unordered_dense's order changes on erase too).
 *
 * Only the API that mediasoup's worker uses is provided; a new use fails to compile, loudly.
 */
#ifndef DRONECAST_ANKERL_UNORDERED_DENSE_STANDIN_H
#define DRONECAST_ANKERL_UNORDERED_DENSE_STANDIN_H

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace ankerl::unordered_dense
{
	namespace detail
	{
		// The 64x64 -> 128 bit multiply-and-fold that unordered_dense (wyhash) uses to spread
		// integer keys, so hashes combined by the worker (Utils::Crypto::HashCombine) stay well mixed.
		inline std::uint64_t mix(std::uint64_t a, std::uint64_t b) noexcept
		{
			const __uint128_t r = static_cast<__uint128_t>(a) * static_cast<__uint128_t>(b);
			return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64U);
		}

		inline std::uint64_t hash_int(std::uint64_t x) noexcept
		{
			return mix(x, UINT64_C(0x9E3779B97F4A7C15));
		}
	} // namespace detail

	template<typename T, typename Enable = void>
	struct hash
	{
		std::size_t operator()(const T& value) const noexcept(noexcept(std::hash<T>{}(value)))
		{
			return std::hash<T>{}(value);
		}
	};

	template<typename T>
	struct hash<T, std::enable_if_t<std::is_integral_v<T> || std::is_enum_v<T>>>
	{
		std::size_t operator()(const T& value) const noexcept
		{
			if constexpr (std::is_enum_v<T>)
			{
				return static_cast<std::size_t>(
				  detail::hash_int(static_cast<std::uint64_t>(static_cast<std::underlying_type_t<T>>(value))));
			}
			else
			{
				return static_cast<std::size_t>(detail::hash_int(static_cast<std::uint64_t>(value)));
			}
		}
	};

	template<typename T>
	struct hash<T*>
	{
		std::size_t operator()(T* value) const noexcept
		{
			return static_cast<std::size_t>(detail::hash_int(reinterpret_cast<std::uintptr_t>(value)));
		}
	};

	template<typename Key, typename T, typename Hash = hash<Key>, typename KeyEqual = std::equal_to<Key>,
	         typename Allocator = std::allocator<std::pair<const Key, T>>>
	using map = std::unordered_map<Key, T, Hash, KeyEqual, Allocator>;

	template<typename Key, typename Hash = hash<Key>, typename KeyEqual = std::equal_to<Key>,
	         typename Allocator = std::allocator<Key>>
	using set = std::unordered_set<Key, Hash, KeyEqual, Allocator>;
} // namespace ankerl::unordered_dense

#endif
