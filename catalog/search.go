package catalog

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strings"
)

// Text fields a TextClause can target.
const (
	FieldTitle       = "title"
	FieldSkills      = "skills"
	FieldDescription = "description"
	FieldTags        = "tags"
	// FieldMetiers holds the ROME codes an item prepares for (Item.Metiers).
	FieldMetiers = "metiers"
)

// TextQuery is a full-text query as a weighted disjunction of clauses. The
// text of a clause is analysed like the indexed text; it is never parsed as
// query syntax.
type TextQuery struct {
	Clauses []TextClause
	// MaxPostings, when above 0, bounds the documents the search visits:
	// the number of items of each word of the clauses with MaxDocs, summed
	// over those words. Beyond it the words that weigh least (the clause's
	// boost times the word's inverse document frequency) are left out
	// until the rest fits: in a large catalog they are the common words of
	// the low-weight clauses, whose long lists make most of the cost and
	// little of the ranking. A store may ignore it.
	MaxPostings int
}

// TextClause matches analysed Text against one field ("" means every text field).
type TextClause struct {
	Field string
	Text  string
	// Boost weighs the clause; 0 means 1.
	Boost float64
	// Phrase requires the words in order.
	Phrase bool
	// MaxDocs, when above 0, leaves the clause out of the search when each
	// of its words is found in more than MaxDocs items in its field: such
	// words make the search visit a large part of a big catalog and tell
	// its items apart little. A store may ignore it.
	MaxDocs int
}

// Record is an item as the stores keep it: with its content hash and, for
// vector stores, its embedding.
type Record struct {
	Item   Item
	Hash   string
	Vector []float32
}

// ContentHash returns a stable hash of everything in the item that
// influences indexing; equal items have equal hashes.
func ContentHash(it Item) string {
	h := sha256.New()
	if err := json.NewEncoder(h).Encode(it); err != nil {
		// Only non-finite numbers fail to encode; validation rejects them,
		// but hash them textually rather than fail.
		fmt.Fprintf(h, "%#v", it)
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return hex.EncodeToString(sum[:16])
}

// SameContent reports whether a and b are the same item but for their
// métiers, which indexing computes: what a catalog file brings is
// unchanged when it equals the stored item in every other field.
func SameContent(a, b Item) bool {
	a.Metiers, b.Metiers = nil, nil
	return ContentHash(a) == ContentHash(b)
}

// EmbeddingText is the text of an item given to an embedder.
func EmbeddingText(it Item) string {
	s := it.Title
	if len(it.Skills) > 0 {
		s += "\n" + strings.Join(it.Skills, " ; ")
	}
	if it.Description != "" {
		s += "\n" + it.Description
	}
	return s
}

// CheckVector reports, as an error wrapping ErrInvalid, a vector that no
// store may keep: not of dims dimensions, with a non-finite component, or
// of zero (or overflowing) norm.
func CheckVector(v []float32, dims int) error {
	if len(v) == 0 || len(v) != dims {
		return fmt.Errorf("%w : vecteur de dimension %d au lieu de %d", ErrInvalid, len(v), dims)
	}
	var norm float64
	for i, x := range v {
		f := float64(x)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("%w : composante %d du vecteur non finie (%v)", ErrInvalid, i, x)
		}
		norm += f * f
	}
	if norm == 0 || math.IsInf(norm, 0) {
		return fmt.Errorf("%w : vecteur de norme nulle ou infinie", ErrInvalid)
	}
	return nil
}
