/* Force-included (CFLAGS_NODIST) into every C file of the interpreter built by
 * installer/build_compat.sh. glibc 2.29 gave exp, exp2, log, log2 and pow new symbol versions;
 * code compiled against a newer glibc links to those and will not load on glibc 2.28 (UOS 20).
 * Bind the calls to the original x86-64 versions, which every glibc still exports. */
#if defined(__x86_64__)
__asm__(".symver exp,exp@GLIBC_2.2.5");
__asm__(".symver exp2,exp2@GLIBC_2.2.5");
__asm__(".symver log,log@GLIBC_2.2.5");
__asm__(".symver log2,log2@GLIBC_2.2.5");
__asm__(".symver pow,pow@GLIBC_2.2.5");
#elif defined(__aarch64__)
__asm__(".symver exp,exp@GLIBC_2.17");
__asm__(".symver exp2,exp2@GLIBC_2.17");
__asm__(".symver log,log@GLIBC_2.17");
__asm__(".symver log2,log2@GLIBC_2.17");
__asm__(".symver pow,pow@GLIBC_2.17");
#endif
