#include "ParcoursBuildInfo.h"

#ifndef PARCOURS_COMMIT
#define PARCOURS_COMMIT ""
#endif

const char *parcours_build_commit(void) {
    return PARCOURS_COMMIT;
}
