//go:build unix

package vecstore

import (
	"fmt"
	"os"
	"runtime"
	"syscall"
)

// mapping is a read-only memory map of a store file. The file is only ever
// replaced by rename, never written in place, so the mapped bytes never
// change; the map is released when the last state using it is collected.
type mapping struct {
	b []byte
}

// mapFile maps the file at path, or reads it when it is empty.
func mapFile(path string) (*mapping, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.Size() == 0 {
		return &mapping{}, nil
	}
	if fi.Size() != int64(int(fi.Size())) {
		return nil, fmt.Errorf("%s: file too large to map", path)
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("map %s: %w", path, err)
	}
	m := &mapping{b: b}
	runtime.AddCleanup(m, func(b []byte) { syscall.Munmap(b) }, b)
	return m, nil
}

// release tells the kernel the pages need not stay resident: they are read
// back from the page cache (or the file) when next touched.
func (m *mapping) release() {
	if len(m.b) > 0 {
		syscall.Madvise(m.b, syscall.MADV_DONTNEED)
	}
}

// close unmaps the file at once; only for a mapping no state uses.
func (m *mapping) close() {
	if len(m.b) > 0 {
		syscall.Munmap(m.b)
		m.b = nil
	}
}
