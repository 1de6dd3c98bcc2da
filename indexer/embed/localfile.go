package embed

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"os"

	"github.com/tremplin/tremplin/internal/atomicfile"
)

// localMagic starts a saved Local; the digit is the file format version.
var localMagic = []byte("TRLOCAL2")

const maxLocalHeader = 1 << 16

type localHeader struct {
	Options LocalOptions `json:"options"`
	Docs    int          `json:"docs"`
}

// Save writes the options and learned weights to path atomically: a
// temporary file in the same directory, synced, then renamed over path.
func (l *Local) Save(path string) error {
	if err := atomicfile.Write(path, l.marshal(), 0o644); err != nil {
		return fmt.Errorf("enregistrement des poids de l'embedder local: %w", err)
	}
	return nil
}

// marshal encodes: magic, header length and JSON header, count, then
// (hash uint64, df uint32) pairs by increasing hash, the number of concepts
// and their vectors (float32), then the CRC-32 of all that, integers
// little-endian.
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
	var cvecs [][]float32
	if l.cpt != nil {
		cvecs = l.cpt.vectors(l.opts.Dimensions)
	}
	b = binary.LittleEndian.AppendUint64(b, uint64(len(cvecs)))
	for _, v := range cvecs {
		for _, x := range v {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
		}
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
	if len(b) < len(localMagic)+4+8+8+4 || !bytes.Equal(b[:len(localMagic)], localMagic) {
		return nil, corrupt("pas un fichier de poids d'embedder local (en-tête TRLOCAL2 absent)")
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
	df, rest, err := parseDF(rest, hdr.Docs)
	if err != nil {
		return nil, corrupt(err.Error())
	}
	cvecs, err := parseConcepts(rest, opts.Dimensions)
	if err != nil {
		return nil, corrupt(err.Error())
	}
	return newLocal(opts, hdr.Docs, df, cvecs), nil
}

// parseDF decodes the count and (hash, df) pairs; it returns the bytes after them.
func parseDF(b []byte, docs int) (map[uint64]uint32, []byte, error) {
	if len(b) < 8 {
		return nil, nil, errors.New("nombre de poids absent")
	}
	count := binary.LittleEndian.Uint64(b)
	b = b[8:]
	if count > uint64(len(b))/12 {
		return nil, nil, errors.New("nombre de poids incohérent avec la taille du fichier")
	}
	df := make(map[uint64]uint32, count)
	var prev uint64
	for i := range int(count) {
		k := binary.LittleEndian.Uint64(b[12*i:])
		v := binary.LittleEndian.Uint32(b[12*i+8:])
		if (i > 0 && k <= prev) || v < minStoredDF || int64(v) > int64(docs) {
			return nil, nil, fmt.Errorf("poids n° %d invalide", i+1)
		}
		df[k], prev = v, k
	}
	return df, b[12*count:], nil
}

// parseConcepts decodes the concept vectors, which must end the data.
func parseConcepts(b []byte, dims int) ([][]float32, error) {
	if len(b) < 8 {
		return nil, errors.New("nombre de concepts absent")
	}
	n := binary.LittleEndian.Uint64(b)
	b = b[8:]
	if n > uint64(len(b)) || uint64(len(b)) != n*uint64(4*dims) {
		return nil, errors.New("nombre de concepts incohérent avec la taille du fichier")
	}
	vecs := make([][]float32, n)
	for j := range vecs {
		v := make([]float32, dims)
		for d := range v {
			v[d] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*(j*dims+d):]))
		}
		if err := checkVector(v, dims); err != nil {
			return nil, fmt.Errorf("concept n° %d: %w", j+1, err)
		}
		vecs[j] = v
	}
	return vecs, nil
}
