package embed

import (
	"fmt"

	openai "github.com/sashabaranov/go-openai"

	"github.com/tremplin/tremplin/catalog"
)

// check matches the vectors of a response to its n inputs by Index and
// rejects any response that would store a bad vector: wrong count, missing
// or repeated index, wrong dimension, NaN or infinite value, zero vector.
func check(data []openai.Embedding, n, dims int) ([][]float32, error) {
	if len(data) != n {
		return nil, fmt.Errorf("%w: %d vecteurs pour %d textes", ErrBadResponse, len(data), n)
	}
	out := make([][]float32, n)
	for _, e := range data {
		if e.Index < 0 || e.Index >= n {
			return nil, fmt.Errorf("%w: index %d hors de [0, %d)", ErrBadResponse, e.Index, n)
		}
		if out[e.Index] != nil {
			return nil, fmt.Errorf("%w: index %d répété", ErrBadResponse, e.Index)
		}
		if err := checkVector(e.Embedding, dims); err != nil {
			return nil, fmt.Errorf("vecteur %d: %w", e.Index, err)
		}
		out[e.Index] = e.Embedding
	}
	return out, nil
}

func checkVector(v []float32, dims int) error {
	if err := catalog.CheckVector(v, dims); err != nil {
		return fmt.Errorf("%w: %w", ErrBadResponse, err)
	}
	return nil
}
