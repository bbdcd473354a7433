#ifndef STANCE_CSHORTESTDECIMAL_H
#define STANCE_CSHORTESTDECIMAL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The shortest decimal that reads back as a double: `significand × 10^exponent`, without trailing zeros in
/// `significand`.
typedef struct {
    uint64_t significand;
    int32_t exponent;
} stance_decimal;

/// The shortest decimal of `magnitude`, a finite double greater than zero, that rounds back to it (round to nearest,
/// ties to even), the one closest to it when several are as short, the even one when two are as close: Dragonbox
/// (Junekey Jeon), from Debian's `libdragonbox-dev`, with its default policies.
stance_decimal stance_shortest_decimal(double magnitude);

#ifdef __cplusplus
}
#endif

#endif
