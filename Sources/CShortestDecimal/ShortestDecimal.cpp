#include "CShortestDecimal.h"

// Debian's libdragonbox-dev installs the header under a versioned directory of /usr/include without a pkg-config
// file; naming the directory here keeps the build free of search-path flags.
#include <dragonbox-1.1.3/dragonbox/dragonbox.h>

extern "C" stance_decimal stance_shortest_decimal(double magnitude) {
    auto decimal = jkj::dragonbox::to_decimal(magnitude, jkj::dragonbox::policy::sign::ignore);
    return stance_decimal{decimal.significand, static_cast<int32_t>(decimal.exponent)};
}
