#ifndef STANCE_CICUWORDS_H
#define STANCE_CICUWORDS_H

#include <stdint.h>

/// Writes the word boundaries ICU's dictionary-based word break iterator finds in `utf8` (UTF-8, `length` bytes) as
/// UTF-8 byte offsets in increasing order, 0 and `length` included, into `offsets` (room for `capacity` values).
/// Returns the number of boundaries (which may exceed `capacity`: then only the first `capacity` are written), or a
/// negative ICU error code when the iterator cannot be opened. `locale` is e.g. "zh".
int32_t stance_icu_word_boundaries(
    const char *locale, const char *utf8, int32_t length, int32_t *offsets, int32_t capacity);

#endif
