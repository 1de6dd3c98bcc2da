package grow_test

import (
	"bufio"
	"os"

	"github.com/tremplin/tremplin/catalog"
)

// writeJSONL writes items to path in the catalog interchange format.
func writeJSONL(path string, items []catalog.Item) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if _, err := catalog.Encode(w, items, catalog.FormatJSONL); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
