// CSupport holds only inline functions, in include/CSupport.h; SwiftPM needs one source file per C target.
#include "CSupport.h"
