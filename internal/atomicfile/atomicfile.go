// Package atomicfile replaces files so that readers, and a crash at any
// moment, see either the old content or the new one in full, never a mix.
//
// The content goes to a temporary file in the destination's directory
// (a rename is only atomic within one file system), which is synced, given
// its permissions, closed and renamed over the destination; the directory
// is then synced so that the rename itself survives a power loss. On any
// failure the temporary file is removed and the destination is untouched.
package atomicfile

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
)

// Write replaces path with data, created with permissions perm (applied as
// given, the umask is not consulted).
func Write(path string, data []byte, perm os.FileMode) error {
	return WriteFunc(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteFunc replaces path with what fill writes to w, created with
// permissions perm (applied as given, the umask is not consulted). w is
// buffered. When fill fails, its error is returned unchanged and path keeps
// its old content.
func WriteFunc(path string, perm os.FileMode, fill func(w io.Writer) error) error {
	f, err := WriteOpen(path, perm, fill)
	if err != nil {
		return err
	}
	return f.Close()
}

// WriteOpen is WriteFunc that returns the new file still open, for the
// caller to read back what it wrote without opening path again: the file
// it holds is the one renamed over path, even if path is replaced later.
func WriteOpen(path string, perm os.FileMode, fill func(w io.Writer) error) (_ *os.File, err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	renamed := false
	defer func() {
		if err != nil {
			tmp.Close()
			if !renamed {
				os.Remove(tmp.Name())
			}
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<16)
	if err = fill(bw); err != nil {
		return nil, err
	}
	if err = bw.Flush(); err != nil {
		return nil, err
	}
	if err = tmp.Chmod(perm); err != nil {
		return nil, err
	}
	if err = tmp.Sync(); err != nil {
		return nil, err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return nil, err
	}
	renamed = true
	if err = syncDir(dir); err != nil {
		return nil, err
	}
	return tmp, nil
}

// syncDir makes the entries of dir (a rename into it) durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
