package stores

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer/embed"
	"github.com/tremplin/tremplin/indexer/pgstate"
)

// sharedModelDoc is the name, among Postgres's shared documents, of the
// local embedder's weights that the stored vectors were embedded with.
const sharedModelDoc = "local-embedder.bin"

// sharedModel is the local embedder every replica on one database uses:
// its weights live in Postgres beside the vectors. A replica with a new
// data directory, or fitting on another corpus, would otherwise get a
// model of its own and re-embed every vector under it at start-up.
type sharedModel struct {
	docs *pgstate.Documents
	// pending is the weights a rebuild fitted, stored at Commit with the
	// items it embedded; nil otherwise.
	pending []byte
	// live is the embedder handed out, whose weights ReloadEmbedder
	// replaces; version the stored weights' version it last saw.
	live    *swapLocal
	version string
}

// local returns the local embedder of the database, in order: the weights
// stored in Postgres; for a database without any, those of generation
// file genPath when not fresh (a deployment from before they were
// shared), else fit() — the first replica to store weights wins, and
// every other uses them. A rebuild fits its own, stored at Commit.
func (m *sharedModel) local(ctx context.Context, logger *slog.Logger, rebuild, fresh bool, genPath string, fit func() (*embed.Local, error)) (*embed.Local, error) {
	if rebuild {
		l, err := fit()
		if err != nil {
			return nil, err
		}
		if m.pending, err = l.MarshalBinary(); err != nil {
			return nil, err
		}
		return l, nil
	}
	body, err := m.docs.Document(ctx, sharedModelDoc)
	switch {
	case err == nil:
		return parseShared(body)
	case !errors.Is(err, catalog.ErrNotFound):
		return nil, fmt.Errorf("lire les poids de l'embedder local dans Postgres : %w", err)
	}
	var l *embed.Local
	if b, rerr := os.ReadFile(genPath); rerr == nil && !fresh {
		if l, err = embed.ParseLocal(b); err != nil {
			return nil, fmt.Errorf("%s : %w", genPath, err)
		}
	} else if l, err = fit(); err != nil {
		return nil, err
	}
	mine, err := l.MarshalBinary()
	if err != nil {
		return nil, err
	}
	stored, err := m.docs.CreateDocument(ctx, sharedModelDoc, mine)
	if err != nil {
		return nil, fmt.Errorf("enregistrer les poids de l'embedder local dans Postgres : %w", err)
	}
	if string(stored) == string(mine) {
		logger.InfoContext(ctx, "local embedder weights stored in postgres", "model", l.Model())
		return l, nil
	}
	logger.InfoContext(ctx, "local embedder weights of another replica used")
	return parseShared(stored)
}

// commit stores the weights a rebuild fitted, once its items are live.
func (m *sharedModel) commit(ctx context.Context) error {
	if m == nil || m.pending == nil {
		return nil
	}
	if err := m.docs.PutDocument(ctx, sharedModelDoc, m.pending); err != nil {
		return fmt.Errorf("enregistrer les poids de l'embedder local dans Postgres : %w", err)
	}
	m.pending = nil
	return nil
}

func parseShared(b []byte) (*embed.Local, error) {
	l, err := embed.ParseLocal(b)
	if err != nil {
		return nil, fmt.Errorf("poids de l'embedder local enregistrés dans Postgres : %w (relancez « tremplin index --rebuild »)", err)
	}
	return l, nil
}

// swapLocal is the local embedder of a replica on a shared database: the
// weights in use can be replaced while it serves (ReloadEmbedder), after a
// rebuild through another process stored new ones with its vectors.
type swapLocal struct{ p atomic.Pointer[embed.Local] }

func newSwapLocal(l *embed.Local) *swapLocal {
	s := &swapLocal{}
	s.p.Store(l)
	return s
}

func (s *swapLocal) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	return s.p.Load().Embed(ctx, texts)
}

func (s *swapLocal) Model() string   { return s.p.Load().Model() }
func (s *swapLocal) Dimensions() int { return s.p.Load().Dimensions() }

// ReloadEmbedder brings the local embedder in step with the weights stored
// in Postgres: a rebuild run by another process (`tremplin index
// --rebuild`) replaces them with the vectors it embedded, and queries must
// be embedded with the same weights as the vectors. It reports whether the
// weights changed; without Postgres, with OpenAI, or on a rebuilding set
// it does nothing. Serve calls it periodically.
func (s *Set) ReloadEmbedder(ctx context.Context) (bool, error) {
	m := s.model
	if m == nil || m.live == nil || s.rebuild {
		return false, nil
	}
	v, err := m.docs.Version(ctx, sharedModelDoc)
	if err != nil || v == m.version {
		return false, err
	}
	body, err := m.docs.Document(ctx, sharedModelDoc)
	if err != nil {
		return false, err
	}
	l, err := parseShared(body)
	if err != nil {
		return false, err
	}
	m.version = v
	if l.Model() == m.live.Model() {
		return false, nil
	}
	m.live.p.Store(l)
	return true, nil
}
