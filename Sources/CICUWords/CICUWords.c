#include "CICUWords.h"

#include <unicode/ubrk.h>
#include <unicode/utext.h>

int32_t stance_icu_word_boundaries(
    const char *locale, const char *utf8, int32_t length, int32_t *offsets, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    UText *text = utext_openUTF8(NULL, utf8, length, &status);
    if (U_FAILURE(status)) return -(int32_t)status;
    UBreakIterator *words = ubrk_open(UBRK_WORD, locale, NULL, 0, &status);
    if (U_FAILURE(status)) {
        utext_close(text);
        return -(int32_t)status;
    }
    ubrk_setUText(words, text, &status);
    if (U_FAILURE(status)) {
        ubrk_close(words);
        utext_close(text);
        return -(int32_t)status;
    }
    int32_t count = 0;
    for (int32_t position = ubrk_first(words); position != UBRK_DONE; position = ubrk_next(words)) {
        if (count < capacity) offsets[count] = position;
        count += 1;
    }
    ubrk_close(words);
    utext_close(text);
    return count;
}
