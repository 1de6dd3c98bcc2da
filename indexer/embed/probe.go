package embed

import (
	"context"
	"fmt"

	openai "github.com/sashabaranov/go-openai"
)

// ProbeDimensions asks the endpoint of cfg to embed one short text, without
// sending "dimensions", and returns the size of the vector: the native size
// of a model whose size the user did not give (Ollama, TEI...). cfg.Dimensions
// is ignored. There is one attempt, under cfg.RequestTimeout.
func ProbeDimensions(ctx context.Context, cfg Config) (int, error) {
	cfg.Dimensions, cfg.OmitDimensions = 1, true
	o, err := NewOpenAI(cfg)
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, o.cfg.RequestTimeout)
	defer cancel()
	ex := &exchange{}
	resp, err := o.client.CreateEmbeddings(context.WithValue(ctx, exchangeKey{}, ex), openai.EmbeddingRequestStrings{
		Input:          []string{"dimension"},
		Model:          openai.EmbeddingModel(o.cfg.Model),
		EncodingFormat: openai.EmbeddingEncodingFormat(o.cfg.EncodingFormat),
	})
	status, _ := ex.get()
	if err != nil {
		if retryable, _ := classify(err, status); !retryable {
			return 0, fmt.Errorf("sonde de dimension du modèle %s: %w (HTTP %d): %w", o.cfg.Model, ErrRejected, status, err)
		}
		return 0, fmt.Errorf("sonde de dimension du modèle %s: %w: %w", o.cfg.Model, ErrUnavailable, err)
	}
	if len(resp.Data) != 1 {
		return 0, fmt.Errorf("sonde de dimension du modèle %s: %w: %d vecteurs pour 1 texte", o.cfg.Model, ErrBadResponse, len(resp.Data))
	}
	dims := len(resp.Data[0].Embedding)
	if err := checkVector(resp.Data[0].Embedding, dims); err != nil || dims == 0 {
		return 0, fmt.Errorf("sonde de dimension du modèle %s: %w: vecteur vide ou invalide", o.cfg.Model, ErrBadResponse)
	}
	return dims, nil
}
