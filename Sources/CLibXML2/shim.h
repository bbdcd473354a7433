// libxml2's HTML parser. Debian builds libxml2 with ICU, and <libxml/encoding.h> then includes ICU's <unicode/ucnv.h>,
// whose enums clash with the ICU copy inside swift-corelibs-foundation. Only pointers to the encoding handler are used
// from Swift (never its fields), so the ICU part of that header is left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
