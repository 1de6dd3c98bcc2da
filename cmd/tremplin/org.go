package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/tremplin/tremplin/api"
	"github.com/tremplin/tremplin/catalog/org"
)

// orgFileName is the organisation file L&D places in the data directory.
const orgFileName = "org.jsonl"

// loadOrg reads the organisation file of dataDir (org.jsonl), all or
// nothing; nil, nil when there is none (the sign-in claims decide).
func loadOrg(dataDir string, logger *slog.Logger) (api.StaticOrg, error) {
	path := filepath.Join(dataDir, orgFileName)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("organigramme : %w", err)
	}
	defer f.Close()
	people, err := org.DecodeJSONL(path, f)
	if err != nil {
		return nil, fmt.Errorf("organigramme refusé, rien n'est chargé :\n%w", err)
	}
	out := make(api.StaticOrg, len(people))
	for i, p := range people {
		out[i] = api.OrgPerson{ID: p.EmployeeID, Name: p.Name, ManagerID: p.ManagerID, Department: p.Department, HireDate: p.HireDate}
	}
	logger.Info("org file loaded", "path", path, "people", len(out))
	return out, nil
}
