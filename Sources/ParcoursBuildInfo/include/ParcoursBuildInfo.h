#ifndef PARCOURS_BUILD_INFO_H
#define PARCOURS_BUILD_INFO_H

/// The git commit this binary was built from: set by scripts/package with
/// -Xcc -DPARCOURS_COMMIT=\"…\"; empty for a developer's build.
const char *parcours_build_commit(void);

#endif
