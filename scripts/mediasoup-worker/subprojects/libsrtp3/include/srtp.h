/*
 * mediasoup 3.19 is written against libsrtp 3, whose protect/unprotect calls
 * read from one buffer and write to another (size_t lengths). Debian 12 ships
 * libsrtp 2, which works in place (int lengths). The worker includes
 * <srtp.h>; this header answers that include with libsrtp 2 plus adapters for
 * the calls the worker makes (src/RTC/SrtpSession.cpp, SrtpSession.hpp,
 * src/DepLibSRTP.cpp).
 */
#ifndef DRONECAST_SRTP3_ON_SRTP2_H
#define DRONECAST_SRTP3_ON_SRTP2_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <srtp2/srtp.h>

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

/* Defined after the adapters so that their own libsrtp 2 calls stay untouched. */
#define srtp_protect dronecast_srtp3_protect
#define srtp_protect_rtcp dronecast_srtp3_protect_rtcp
#define srtp_unprotect dronecast_srtp3_unprotect
#define srtp_unprotect_rtcp dronecast_srtp3_unprotect_rtcp
#define srtp_stream_remove srtp_remove_stream

#endif
