package catalog

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
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
}

// TextClause matches analysed Text against one field ("" means every text field).
type TextClause struct {
	Field string
	Text  string
	// Boost weighs the clause; 0 means 1.
	Boost float64
	// Phrase requires the words in order.
	Phrase bool
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
