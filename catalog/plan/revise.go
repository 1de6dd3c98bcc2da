package plan

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/tremplin/tremplin/catalog"
)

// ErrSigned reports a change to a record both parties signed, beyond the
// follow-up of its actions. It wraps catalog.ErrConflict.
var ErrSigned = fmt.Errorf("entretien signé par les deux parties : seul le suivi des actions (statut, motif d'abandon) peut changer : %w", catalog.ErrConflict)

// NewID returns a random identifier (26 characters, 130 bits) that cannot
// be guessed, for an entretien or an action.
func NewID() string { return rand.Text() }

// Draft returns the record a store saves when e is created with the given
// id at the given time: version 1, no signature, an id for every action and
// a time for every comment that lacks one. It returns a *ValidationError
// for a record that breaks a rule.
func Draft(e Entretien, id string, at time.Time) (Entretien, error) {
	e.ID = id
	e.Version = 1
	e.CreatedAt, e.UpdatedAt = at, at
	e.EmployeeSignature, e.ManagerSignature, e.SignedVersion = nil, nil, 0
	e.Actions, e.Comments = fill(e.Actions, e.Comments, at)
	if err := Validate(&e); err != nil {
		return Entretien{}, err
	}
	return e, nil
}

// Revise returns the record a store saves when next replaces old at the
// given time. next.Version must be old's (else an error wrapping
// catalog.ErrConflict: someone saved in between), and the employee cannot
// change. A change to a draft clears any signature already given, which
// applied to the content as it was. Once both parties have signed, only
// the status and abandon reason of each action may change (else ErrSigned);
// the signatures stay.
func Revise(old, next Entretien, at time.Time) (Entretien, error) {
	if next.Version != old.Version {
		return Entretien{}, fmt.Errorf("%w : version %d périmée, la version enregistrée est la %d (rechargez l'entretien)", catalog.ErrConflict, next.Version, old.Version)
	}
	if next.EmployeeID != old.EmployeeID {
		return Entretien{}, &ValidationError{Problems: []catalog.Problem{{Field: "employee_id", Code: catalog.CodeRange, Reason: "ne peut pas changer"}}}
	}
	next.ID, next.CreatedAt, next.UpdatedAt, next.Version = old.ID, old.CreatedAt, at, old.Version+1
	next.Actions, next.Comments = fill(next.Actions, next.Comments, at)
	switch {
	case old.Signed():
		if !sameContent(followUpView(old), followUpView(next)) {
			return Entretien{}, ErrSigned
		}
		next.EmployeeSignature, next.ManagerSignature, next.SignedVersion = old.EmployeeSignature, old.ManagerSignature, old.SignedVersion
	case sameContent(contentView(old), contentView(next)):
		next.EmployeeSignature, next.ManagerSignature = old.EmployeeSignature, old.ManagerSignature
	default:
		next.EmployeeSignature, next.ManagerSignature = nil, nil
	}
	if err := Validate(&next); err != nil {
		return Entretien{}, err
	}
	return next, nil
}

// Sign returns e signed by userID in the given role at the given time, as
// a new version. version must be e's (else catalog.ErrConflict); userID
// must be the record's employee or manager for that role (else
// catalog.ErrInvalid); a party signs once. When both have signed,
// SignedVersion is set to the new version.
func Sign(e Entretien, version int64, role Role, userID string, at time.Time) (Entretien, error) {
	if version != e.Version {
		return Entretien{}, fmt.Errorf("%w : version %d périmée, la version enregistrée est la %d (relisez l'entretien avant de signer)", catalog.ErrConflict, version, e.Version)
	}
	if e.Signed() {
		return Entretien{}, ErrSigned
	}
	var slot **Signature
	switch role {
	case RoleEmployee:
		if userID != e.EmployeeID {
			return Entretien{}, fmt.Errorf("%w : role : seul le salarié de l'entretien signe comme salarié", catalog.ErrInvalid)
		}
		slot = &e.EmployeeSignature
	case RoleManager:
		if userID != e.ManagerID {
			return Entretien{}, fmt.Errorf("%w : role : seul le manager de l'entretien signe comme manager", catalog.ErrInvalid)
		}
		slot = &e.ManagerSignature
	default:
		return Entretien{}, fmt.Errorf("%w : role : rôle de signature inconnu %s (attendu : employee ou manager)", catalog.ErrInvalid, quoteCode(string(role)))
	}
	if *slot != nil {
		return Entretien{}, fmt.Errorf("%w : déjà signé par le %s", catalog.ErrConflict, role.Label())
	}
	*slot = &Signature{UserID: userID, At: at}
	e.Version++
	e.UpdatedAt = at
	if e.Signed() {
		e.SignedVersion = e.Version
	}
	return e, nil
}

// fill gives an id to every action and a time to every comment lacking
// one, on copies of the slices.
func fill(actions []Action, comments []Comment, at time.Time) ([]Action, []Comment) {
	actions = append([]Action(nil), actions...)
	for i := range actions {
		if actions[i].ID == "" {
			actions[i].ID = NewID()
		}
	}
	comments = append([]Comment(nil), comments...)
	for i := range comments {
		if comments[i].At.IsZero() {
			comments[i].At = at
		}
		comments[i].At = comments[i].At.UTC()
	}
	return actions, comments
}

// contentView is e without what stores manage (version, times, signatures).
func contentView(e Entretien) Entretien {
	e.Version, e.CreatedAt, e.UpdatedAt = 0, time.Time{}, time.Time{}
	e.EmployeeSignature, e.ManagerSignature, e.SignedVersion = nil, nil, 0
	return e
}

// followUpView is contentView without what may change after signing.
func followUpView(e Entretien) Entretien {
	e = contentView(e)
	e.Actions = append([]Action(nil), e.Actions...)
	for i := range e.Actions {
		e.Actions[i].Status, e.Actions[i].AbandonReason = "", ""
	}
	return e
}

// sameContent compares two records as stored (JSON), so that a nil and an
// empty list are the same.
func sameContent(a, b Entretien) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errors.Join(errA, errB) == nil && string(ja) == string(jb)
}
