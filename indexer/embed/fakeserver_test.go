package embed

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fault is what the fake server does wrong on one call.
type fault struct {
	status     int               // non-zero: answer this HTTP status with an error body
	header     map[string]string // extra response headers
	stall      time.Duration     // wait this long (or until the client gives up) first
	wrongDim   bool              // return vectors one value short
	fewer      bool              // drop the last vector
	dupIndex   bool              // give every vector index 0
	nan        bool              // first value NaN ("NaN" in JSON, NaN bits in base64)
	inf        bool              // first value +Inf (base64 only)
	zero       bool              // zero vector
	notJSONErr bool              // with status: plain-text body instead of the OpenAI error JSON
	hangup     bool              // close the connection without answering
}

// fakeOpenAI is an OpenAI-compatible /v1/embeddings endpoint returning
// deterministic vectors derived from a hash of each input. It counts calls
// and inputs, and injects the fault its function returns for each call.
type fakeOpenAI struct {
	t     *testing.T
	dims  int
	fault func(call int) fault

	mu     sync.Mutex
	calls  int
	inputs int
	seen   []string // every input received
	srv    *httptest.Server
}

func newFakeOpenAI(t *testing.T, dims int, f func(call int) fault) *fakeOpenAI {
	t.Helper()
	s := &fakeOpenAI{t: t, dims: dims, fault: f}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/embeddings", s.handle)
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	return s
}

func (s *fakeOpenAI) url() string { return s.srv.URL + "/v1" }

func (s *fakeOpenAI) counts() (calls, inputs int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls, s.inputs
}

type fakeRequest struct {
	Input          []string `json:"input"`
	Model          string   `json:"model"`
	Dimensions     int      `json:"dimensions"`
	EncodingFormat string   `json:"encoding_format"`
}

func (s *fakeOpenAI) handle(w http.ResponseWriter, r *http.Request) {
	var req fakeRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Input) == 0 || req.Model == "" {
		http.Error(w, `{"error":{"message":"bad request","type":"invalid_request_error"}}`, http.StatusBadRequest)
		return
	}
	if req.Dimensions != 0 && req.Dimensions != s.dims {
		http.Error(w, `{"error":{"message":"unsupported dimensions","type":"invalid_request_error"}}`, http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.calls++
	s.inputs += len(req.Input)
	s.seen = append(s.seen, req.Input...)
	call := s.calls
	s.mu.Unlock()
	var f fault
	if s.fault != nil {
		f = s.fault(call)
	}
	for k, v := range f.header {
		w.Header().Set(k, v)
	}
	if f.hangup {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
		}
		return
	}
	if f.stall > 0 {
		select {
		case <-r.Context().Done():
			return
		case <-time.After(f.stall):
		}
	}
	if f.status != 0 {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(f.status)
		if f.notJSONErr {
			fmt.Fprint(w, "upstream unavailable")
			return
		}
		fmt.Fprintf(w, `{"error":{"message":"fault %d","type":"test"}}`, f.status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(s.body(req, f))
}

// body renders the response with vectors in reverse order, so the client
// must match them by index.
func (s *fakeOpenAI) body(req fakeRequest, f fault) []byte {
	n := len(req.Input)
	if f.fewer {
		n--
	}
	items := make([]string, 0, n)
	for i := n - 1; i >= 0; i-- {
		v := fakeVector(req.Input[i], s.dims)
		switch {
		case f.wrongDim:
			v = v[:len(v)-1]
		case f.zero:
			clear(v)
		case f.inf:
			v[0] = float32(math.Inf(1))
		case f.nan:
			v[0] = float32(math.NaN())
		}
		idx := i
		if f.dupIndex {
			idx = 0
		}
		items = append(items, fmt.Sprintf(`{"object":"embedding","index":%d,"embedding":%s}`, idx, encodeVector(v, req.EncodingFormat)))
	}
	return fmt.Appendf(nil, `{"object":"list","model":%q,"data":[%s],"usage":{"prompt_tokens":1,"total_tokens":1}}`,
		req.Model, strings.Join(items, ","))
}

func encodeVector(v []float32, format string) string {
	if format == EncodingBase64 {
		b := make([]byte, 4*len(v))
		for i, x := range v {
			binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
		}
		return `"` + base64.StdEncoding.EncodeToString(b) + `"`
	}
	parts := make([]string, len(v))
	for i, x := range v {
		if math.IsNaN(float64(x)) {
			parts[i] = "NaN"
			continue
		}
		parts[i] = fmt.Sprint(x)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// fakeVector derives a deterministic non-zero vector from the text.
func fakeVector(text string, dims int) []float32 {
	v := make([]float32, dims)
	var block [sha256.Size]byte
	for i := range v {
		if i%sha256.Size == 0 {
			block = sha256.Sum256(fmt.Appendf(nil, "%d\x00%s", i/sha256.Size, text))
		}
		v[i] = (float32(block[i%sha256.Size]) - 127.5) / 128
	}
	return v
}
