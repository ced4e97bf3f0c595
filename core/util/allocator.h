#pragma once

namespace glossa::core {

// Tells glibc to keep freed memory for reuse instead of returning it to the kernel at once.
// CLD2 (a scratch buffer per call) and the optimizers (parameter-sized temporaries per step)
// allocate and free large blocks in tight loops; with glibc's defaults each becomes an
// mmap/munmap or a heap grow/trim, and the page faults cost more than the work (language
// guessing ran 7x slower, training 10x). Process-wide; the first call wins, later ones do nothing.
void keepFreedMemoryForReuse();

} // namespace glossa::core
