package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/tremplin/tremplin/api"
	"github.com/tremplin/tremplin/catalog/org"
	"github.com/tremplin/tremplin/indexer/stores"
)

// orgFileName is the organisation file in the data directory.
const orgFileName = stores.OrgName

// orgDocs is where the organisation file lives: the data directory, or
// Postgres with DATABASE_URL.
type orgDocs interface {
	Org(ctx context.Context) ([]byte, error)
	Where() string
}

// loadOrg reads the organisation file L&D imported (tremplin org import),
// all or nothing; nil, nil when there is none (the sign-in claims decide).
func loadOrg(ctx context.Context, docs orgDocs, logger *slog.Logger) (api.StaticOrg, error) {
	body, err := docs.Org(ctx)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("organigramme : %w", err)
	}
	people, err := org.DecodeJSONL(orgFileName, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("organigramme refusé, rien n'est chargé :\n%w", err)
	}
	out := make(api.StaticOrg, len(people))
	for i, p := range people {
		out[i] = api.OrgPerson{ID: p.EmployeeID, Name: p.Name, ManagerID: p.ManagerID, Department: p.Department, HireDate: p.HireDate}
	}
	logger.Info("org file loaded", "where", docs.Where(), "people", len(out))
	return out, nil
}
