// jemalloc as the process allocator (Debian's libjemalloc-dev exports malloc and mallctl unprefixed),
// plus the statistics interface Tern exposes on its metrics endpoint.
#include <jemalloc/jemalloc.h>
