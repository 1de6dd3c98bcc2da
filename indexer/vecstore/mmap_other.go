//go:build !unix

package vecstore

import "os"

// mapping holds a store file read into memory where memory maps are not
// used.
type mapping struct {
	b []byte
}

// mapFile reads the file at path.
func mapFile(path string) (*mapping, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return &mapping{b: b}, nil
}

func (m *mapping) release() {}

func (m *mapping) close() {}
