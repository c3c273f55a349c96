/* Placeholder source: meson warns about static libraries without sources (see ../README.md). */
typedef int dronecast_unused;
