package embed

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
)

// localMagic starts a saved Local; the digit is the file format version.
var localMagic = []byte("TRLOCAL1")

const maxLocalHeader = 1 << 16

type localHeader struct {
	Options LocalOptions `json:"options"`
	Docs    int          `json:"docs"`
}

// Save writes the options and learned weights to path atomically: a
// temporary file in the same directory, synced, then renamed over path.
func (l *Local) Save(path string) error {
	if err := writeFileAtomic(path, l.marshal()); err != nil {
		return fmt.Errorf("enregistrement des poids de l'embedder local: %w", err)
	}
	return nil
}

// marshal encodes: magic, header length and JSON header, count, then
// (hash uint64, df uint32) pairs by increasing hash, then the CRC-32 of all
// that, integers little-endian.
func (l *Local) marshal() []byte {
	hdr, _ := json.Marshal(localHeader{Options: l.opts, Docs: l.docs}) // numbers and bools: cannot fail
	keys := l.sortedKeys()
	b := make([]byte, 0, len(localMagic)+4+len(hdr)+8+12*len(keys)+4)
	b = append(b, localMagic...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(hdr)))
	b = append(b, hdr...)
	b = binary.LittleEndian.AppendUint64(b, uint64(len(keys)))
	for _, k := range keys {
		b = binary.LittleEndian.AppendUint64(b, k)
		b = binary.LittleEndian.AppendUint32(b, l.df[k])
	}
	return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

// LoadLocal reads weights written by Save. A damaged file is refused with
// an error wrapping ErrCorrupt.
func LoadLocal(path string) (*Local, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("lecture des poids de l'embedder local: %w", err)
	}
	l, err := parseLocal(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return l, nil
}

func parseLocal(b []byte) (*Local, error) {
	corrupt := func(reason string) error { return fmt.Errorf("%w: %s", ErrCorrupt, reason) }
	if len(b) < len(localMagic)+4+8+4 || !bytes.Equal(b[:len(localMagic)], localMagic) {
		return nil, corrupt("pas un fichier de poids d'embedder local (en-tête TRLOCAL1 absent)")
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, corrupt("somme de contrôle fausse (fichier tronqué ou modifié)")
	}
	rest := body[len(localMagic):]
	n := binary.LittleEndian.Uint32(rest)
	rest = rest[4:]
	if n > maxLocalHeader || int(n) > len(rest)-8 {
		return nil, corrupt("longueur d'en-tête invalide")
	}
	var hdr localHeader
	if err := json.Unmarshal(rest[:n], &hdr); err != nil {
		return nil, corrupt("en-tête illisible: " + err.Error())
	}
	opts, err := hdr.Options.normalized()
	if err != nil || opts != hdr.Options || hdr.Docs < 0 {
		return nil, corrupt("options ou nombre de documents invalides")
	}
	rest = rest[n:]
	count := binary.LittleEndian.Uint64(rest)
	rest = rest[8:]
	if count != uint64(len(rest))/12 || len(rest)%12 != 0 {
		return nil, corrupt("nombre de poids incohérent avec la taille du fichier")
	}
	df := make(map[uint64]uint32, count)
	var prev uint64
	for i := range int(count) {
		k := binary.LittleEndian.Uint64(rest[12*i:])
		v := binary.LittleEndian.Uint32(rest[12*i+8:])
		if (i > 0 && k <= prev) || v < minStoredDF || int64(v) > int64(hdr.Docs) {
			return nil, corrupt(fmt.Sprintf("poids n° %d invalide", i+1))
		}
		df[k], prev = v, k
	}
	return newLocal(opts, hdr.Docs, df), nil
}

// writeFileAtomic replaces path with data so that a crash leaves either the
// old or the new content, never a mix.
func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
