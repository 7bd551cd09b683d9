// The programs allocate through jemalloc, which reads these settings at its start. Reading a
// city (400,000 buildings) or drawing it creates millions of small blocks, and on the machines we
// measure on every fresh 4 KB page costs a page fault that was a third of `cplan check`'s time.
// With transparent huge pages (2 MB, where the kernel allows them on request, as Debian's
// default "madvise" does) far fewer pages are faulted in: `cplan check` on the city took
// 0.87-1.16 s, against 1.47-1.49 s with MALLOC_CONF=thp:never (measured 2026-12-03).
// Measured again after the reading went columnar (the Arrow stream, fewer allocations): 895 ± 107 ms
// with this string, 891 ± 80 with the kernel's default, 976 ± 87 without huge pages (hyperfine,
// 8 runs each): no longer a gain over the default, no loss either; kept.
// glibc's malloc can ask for huge pages only through an environment variable set before the
// program starts; jemalloc takes them from this string.
extern "C" {
// NOLINTNEXTLINE: the name and type are jemalloc's interface (see jemalloc(3), "malloc_conf").
const char* malloc_conf = "thp:always,metadata_thp:auto";
}
