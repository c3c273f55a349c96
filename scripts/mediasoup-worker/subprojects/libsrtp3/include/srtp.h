/*
 * mediasoup's worker is written against libsrtp 3, whose protect/unprotect
 * calls read from one buffer and write to another (size_t lengths), and whose
 * srtp_policy_t is an opaque object built with srtp_policy_create() and
 * setters (since mediasoup 3.2x). Debian 12 ships libsrtp 2, which works in
 * place (int lengths) and whose srtp_policy_t is a plain struct. The worker
 * includes <srtp.h>; this header answers that include with libsrtp 2 plus
 * adapters for the calls the worker makes (src/RTC/SrtpSession.cpp,
 * SrtpSession.hpp, src/DepLibSRTP.cpp).
 */
#ifndef DRONECAST_SRTP3_ON_SRTP2_H
#define DRONECAST_SRTP3_ON_SRTP2_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <stdbool.h>
#include <stdlib.h>

/* libsrtp 2's policy struct is renamed so that srtp_policy_t can be libsrtp 3's opaque handle. */
#define srtp_policy_t dronecast_srtp2_policy_t
#include <srtp2/srtp.h>
#undef srtp_policy_t

/* libsrtp 3 error codes; the worker only names them in its error-text table. */
#define srtp_err_status_buffer_small ((srtp_err_status_t)28)
#define srtp_err_status_cryptex_err ((srtp_err_status_t)29)

/*
 * libsrtp 2 appends the auth tag (and MKI) in place, so the output buffer must
 * have room for the packet plus SRTP_MAX_TRAILER_LEN. mki_index is ignored:
 * mediasoup never configures MKI keys and always passes 0.
 */
static inline srtp_err_status_t dronecast_srtp3_protect_any(
  int rtcp, srtp_t ctx, const uint8_t* in, size_t in_len, uint8_t* out, size_t* out_len)
{
	if (in_len > (size_t)(INT_MAX - SRTP_MAX_TRAILER_LEN))
		return srtp_err_status_bad_param;
	if (*out_len < in_len + SRTP_MAX_TRAILER_LEN)
		return srtp_err_status_buffer_small;
	if (out != in)
		memmove(out, in, in_len);

	int len = (int)in_len;
	srtp_err_status_t status = rtcp ? srtp_protect_rtcp(ctx, out, &len) : srtp_protect(ctx, out, &len);

	if (status == srtp_err_status_ok)
		*out_len = (size_t)len;

	return status;
}

/* Unprotecting only shrinks the packet, so out needs room for in_len bytes. */
static inline srtp_err_status_t dronecast_srtp3_unprotect_any(
  int rtcp, srtp_t ctx, const uint8_t* in, size_t in_len, uint8_t* out, size_t* out_len)
{
	if (in_len > (size_t)INT_MAX)
		return srtp_err_status_bad_param;
	if (*out_len < in_len)
		return srtp_err_status_buffer_small;
	if (out != in)
		memmove(out, in, in_len);

	int len = (int)in_len;
	srtp_err_status_t status = rtcp ? srtp_unprotect_rtcp(ctx, out, &len) : srtp_unprotect(ctx, out, &len);

	if (status == srtp_err_status_ok)
		*out_len = (size_t)len;

	return status;
}

static inline srtp_err_status_t dronecast_srtp3_protect(
  srtp_t ctx, const uint8_t* rtp, size_t rtp_len, uint8_t* srtp, size_t* srtp_len, size_t mki_index)
{
	(void)mki_index;
	return dronecast_srtp3_protect_any(0, ctx, rtp, rtp_len, srtp, srtp_len);
}

static inline srtp_err_status_t dronecast_srtp3_protect_rtcp(
  srtp_t ctx, const uint8_t* rtcp, size_t rtcp_len, uint8_t* srtcp, size_t* srtcp_len, size_t mki_index)
{
	(void)mki_index;
	return dronecast_srtp3_protect_any(1, ctx, rtcp, rtcp_len, srtcp, srtcp_len);
}

static inline srtp_err_status_t dronecast_srtp3_unprotect(
  srtp_t ctx, const uint8_t* srtp, size_t srtp_len, uint8_t* rtp, size_t* rtp_len)
{
	return dronecast_srtp3_unprotect_any(0, ctx, srtp, srtp_len, rtp, rtp_len);
}

static inline srtp_err_status_t dronecast_srtp3_unprotect_rtcp(
  srtp_t ctx, const uint8_t* srtcp, size_t srtcp_len, uint8_t* rtcp, size_t* rtcp_len)
{
	return dronecast_srtp3_unprotect_any(1, ctx, srtcp, srtcp_len, rtcp, rtcp_len);
}

/*
 * libsrtp 3's policy object: a libsrtp 2 policy (one key, no MKI) plus the key
 * and salt buffer it points at. Every field libsrtp 2 reads and the worker
 * does not set stays zero, as with a zeroed libsrtp 2 policy.
 */
struct dronecast_srtp3_policy
{
	dronecast_srtp2_policy_t policy;
	unsigned char key[SRTP_MAX_KEY_LEN];
};
typedef struct dronecast_srtp3_policy* srtp_policy_t;

static inline srtp_err_status_t srtp_policy_create(srtp_policy_t* policy)
{
	*policy = (srtp_policy_t)calloc(1, sizeof(struct dronecast_srtp3_policy));
	return *policy ? srtp_err_status_ok : srtp_err_status_alloc_fail;
}

static inline void srtp_policy_destroy(srtp_policy_t policy)
{
	free(policy);
}

static inline srtp_err_status_t srtp_policy_set_ssrc(srtp_policy_t policy, srtp_ssrc_t ssrc)
{
	policy->policy.ssrc = ssrc;
	return srtp_err_status_ok;
}

static inline srtp_err_status_t srtp_policy_set_profile(srtp_policy_t policy, srtp_profile_t profile)
{
	srtp_err_status_t status = srtp_crypto_policy_set_from_profile_for_rtp(&policy->policy.rtp, profile);
	if (status != srtp_err_status_ok)
		return status;
	return srtp_crypto_policy_set_from_profile_for_rtcp(&policy->policy.rtcp, profile);
}

/* libsrtp 2 takes the master key and salt as one buffer, key first. mediasoup never uses MKI. */
static inline srtp_err_status_t srtp_policy_add_key(
  srtp_policy_t policy,
  const uint8_t* key,
  size_t key_len,
  const uint8_t* salt,
  size_t salt_len,
  const uint8_t* mki,
  size_t mki_len)
{
	(void)mki;
	if (mki_len != 0 || key_len + salt_len > sizeof(policy->key))
		return srtp_err_status_bad_param;
	memcpy(policy->key, key, key_len);
	memcpy(policy->key + key_len, salt, salt_len);
	policy->policy.key = policy->key;
	return srtp_err_status_ok;
}

static inline srtp_err_status_t srtp_policy_set_allow_repeat_tx(srtp_policy_t policy, bool allow)
{
	policy->policy.allow_repeat_tx = allow ? 1 : 0;
	return srtp_err_status_ok;
}

static inline srtp_err_status_t srtp_policy_set_window_size(srtp_policy_t policy, size_t window_size)
{
	policy->policy.window_size = (unsigned long)window_size;
	return srtp_err_status_ok;
}

static inline srtp_err_status_t dronecast_srtp3_create(srtp_t* session, srtp_policy_t policy)
{
	return srtp_create(session, &policy->policy);
}

/* Defined after the adapters so that their own libsrtp 2 calls stay untouched. */
#define srtp_protect dronecast_srtp3_protect
#define srtp_protect_rtcp dronecast_srtp3_protect_rtcp
#define srtp_unprotect dronecast_srtp3_unprotect
#define srtp_unprotect_rtcp dronecast_srtp3_unprotect_rtcp
#define srtp_stream_remove srtp_remove_stream
#define srtp_create dronecast_srtp3_create

#endif
