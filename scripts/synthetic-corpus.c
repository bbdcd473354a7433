/* A seeded synthetic news corpus in JSON Lines, for scripts/check-scale: articles in four languages (English,
 * Vietnamese, Simplified and Traditional Chinese) whose words are drawn from a Zipfian vocabulary of 2^20 made-up
 * word types per language, labelled by their outlet, with a few label-bearing terms mixed in.
 *
 * Usage: synthetic-corpus ARTICLES SEED [MEAN_BYTES] > corpus.jsonl
 *
 * Words are built from the rank of their type (frequent types are short, as in real text): Latin syllables for
 * English, syllables with Vietnamese vowels for Vietnamese (glued into one token per type), and runs of one to three
 * Han characters for Chinese, from ranges of Simplified forms and, for Traditional, of Traditional forms. A word of
 * rank r is drawn with probability proportional to 1 / (r + 2.7)^1.07 (Zipf–Mandelbrot), by binary search in a
 * cumulative table. Every article of outlet k has label k mod 3; three of the label's five marker terms, and one
 * marker of another label, are put in at random places. The same arguments give the same bytes. The number of
 * distinct word types written goes to standard error. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TYPES (1u << 20)
#define LANGUAGES 4
#define OUTLETS 600

static uint64_t state;

static uint64_t next_random(void) { /* splitmix64 */
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double uniform(void) { return (double)(next_random() >> 11) * (1.0 / 9007199254740992.0); }

static double *cumulative;
/* guide[k]: the first rank whose cumulative weight reaches k / GUIDES of the total, so that a search starts close. */
#define GUIDES (1u << 16)
static uint32_t guide[GUIDES + 1];

static uint32_t zipf_rank(void) {
    double fraction = uniform();
    double u = fraction * cumulative[TYPES - 1];
    uint32_t slot = (uint32_t)(fraction * GUIDES);
    uint32_t low = guide[slot], high = guide[slot + 1];
    while (low < high) {
        uint32_t mid = (low + high) / 2;
        if (cumulative[mid] < u) low = mid + 1; else high = mid;
    }
    return low;
}

static void put_utf8(char **out, uint32_t scalar) {
    char *p = *out;
    if (scalar < 0x80) {
        *p++ = (char)scalar;
    } else if (scalar < 0x800) {
        *p++ = (char)(0xC0 | (scalar >> 6));
        *p++ = (char)(0x80 | (scalar & 0x3F));
    } else {
        *p++ = (char)(0xE0 | (scalar >> 12));
        *p++ = (char)(0x80 | ((scalar >> 6) & 0x3F));
        *p++ = (char)(0x80 | (scalar & 0x3F));
    }
    *out = p;
}

static const char *consonants[] = {"b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v",
                                   "w", "st", "tr", "ch", "th"};
static const char *vowels[] = {"a", "e", "i", "o", "u"};
static const char *vi_initials[] = {"b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "ng", "nh", "ph", "qu", "s",
                                    "t", "th", "tr", "v", "x"};
static const char *vi_vowels[] = {"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "á", "à", "ả", "ã",
                                  "ạ", "ế", "ề", "ố", "ồ", "ớ", "ờ", "ú", "ù"};

/* The word of type `rank` in language `language` (0 en, 1 vi, 2 zh-Hans, 3 zh-Hant). */
static void put_word(char **out, int language, uint32_t rank) {
    uint32_t value = rank;
    if (language == 0) {
        do {
            const char *c = consonants[value % 20];
            value /= 20;
            const char *v = vowels[value % 5];
            value /= 5;
            memcpy(*out, c, strlen(c)); *out += strlen(c);
            memcpy(*out, v, strlen(v)); *out += strlen(v);
        } while (value > 0);
    } else if (language == 1) {
        do {
            const char *c = vi_initials[value % 20];
            value /= 20;
            const char *v = vi_vowels[value % 25];
            value /= 25;
            memcpy(*out, c, strlen(c)); *out += strlen(c);
            memcpy(*out, v, strlen(v)); *out += strlen(v);
        } while (value > 0);
    } else {
        /* Base-2048 digits over a range of Han characters: Simplified forms from U+4E00, Traditional forms from
         * the 糸/言/金/門 blocks (U+7D00–U+7E7F, U+8A00–U+8B7F, U+91D1–U+9480 and U+9580–U+95FF). */
        do {
            uint32_t digit = value % 2048;
            value /= 2048;
            uint32_t scalar;
            if (language == 2) {
                scalar = 0x4E00 + digit;
            } else if (digit < 384) {
                scalar = 0x7D00 + digit;
            } else if (digit < 768) {
                scalar = 0x8A00 + (digit - 384);
            } else if (digit < 1448) {
                scalar = 0x91D1 + (digit - 768);
            } else {
                scalar = 0x9580 + (digit - 1448) % 128;
            }
            put_utf8(out, scalar);
        } while (value > 0);
    }
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: synthetic-corpus ARTICLES SEED [MEAN_BYTES]\n");
        return 64;
    }
    long articles = atol(argv[1]);
    state = strtoull(argv[2], NULL, 10) * 0x2545F4914F6CDD1Dull + 1;
    long mean_bytes = argc > 3 ? atol(argv[3]) : 6000;
    cumulative = malloc(sizeof(double) * TYPES);
    double sum = 0;
    for (uint32_t r = 0; r < TYPES; r++) {
        sum += 1.0 / pow(r + 2.7, 1.07);
        cumulative[r] = sum;
    }
    for (uint32_t k = 0, r = 0; k <= GUIDES; k++) {
        while (r < TYPES - 1 && cumulative[r] < (double)k / GUIDES * sum) r++;
        guide[k] = r;
    }
    static const char *languages[] = {"en", "vi", "zh-Hans", "zh-Hant"};
    static const char *labels[] = {"left", "center", "right"};
    /* Five marker types per label, among the moderately frequent ranks. */
    uint32_t markers[3][5];
    for (int l = 0; l < 3; l++) for (int m = 0; m < 5; m++) markers[l][m] = 400 + 37 * (5 * l + m);
    /* Which word types were written, per language, to report how many. */
    uint8_t *seen = calloc((size_t)LANGUAGES * TYPES / 8, 1);
    char *buffer = malloc(1 << 20);
    setvbuf(stdout, NULL, _IOFBF, 1 << 22);
    for (long index = 0; index < articles; index++) {
        int language = (int)(next_random() % LANGUAGES);
        int outlet = (int)(next_random() % OUTLETS);
        int label = outlet % 3;
        /* Bytes per word including its separator, by language (measured on the output), for about mean_bytes of
         * text per article. */
        static const double word_bytes[] = {5.04, 5.51, 4.19, 4.16};
        long words = (long)((0.4 + 1.2 * uniform()) * mean_bytes / word_bytes[language]);
        if (words < 8) words = 8;
        long marker_at[4];
        for (int m = 0; m < 4; m++) marker_at[m] = (long)(next_random() % (uint64_t)words);
        char *p = buffer;
        p += sprintf(p, "{\"id\":\"s%ld\",\"source\":\"outlet-%d\",\"label\":\"%s\",\"lang\":\"%s\",\"date\":\"20%02d-%02d-%02d\",\"text\":\"",
                     index, outlet, labels[label], languages[language], 10 + (int)(index % 15), 1 + (int)(index % 12),
                     1 + (int)(index % 28));
        for (long w = 0; w < words; w++) {
            uint32_t rank = zipf_rank();
            for (int m = 0; m < 4; m++) {
                if (marker_at[m] == w) {
                    int from = m < 3 ? label : (int)(next_random() % 3);
                    rank = markers[from][next_random() % 5];
                }
            }
            seen[((size_t)language * TYPES + rank) / 8] |= (uint8_t)(1u << (rank % 8));
            if (w > 0 && language < 2) *p++ = ' ';
            if (language >= 2 && w > 0 && w % 40 == 0) { memcpy(p, "\xE3\x80\x82", 3); p += 3; } /* 。 */
            put_word(&p, language, rank);
            if (p - buffer > (1 << 20) - 64) break;
        }
        memcpy(p, "\"}\n", 3);
        p += 3;
        fwrite(buffer, 1, (size_t)(p - buffer), stdout);
    }
    fflush(stdout);
    long types = 0;
    for (size_t byte = 0; byte < (size_t)LANGUAGES * TYPES / 8; byte++) types += __builtin_popcount(seen[byte]);
    fprintf(stderr, "word types written: %ld\n", types);
    return ferror(stdout) ? 74 : 0;
}
