// Package embed turns texts into vectors for Tremplin's vector stores.
//
// It offers three indexer.Embedder implementations:
//   - OpenAI, a client for any OpenAI-compatible /embeddings endpoint (OpenAI,
//     Azure's v1 API, Ollama, vLLM, LocalAI, TEI) with per-request deadlines,
//     retries with jittered exponential backoff honouring Retry-After, bounded
//     concurrency, batching by input count and token estimate, and a check of
//     every response;
//   - Local, the offline default: French-aware hashed TF-IDF vectors whose
//     weights are learned from the catalog and référentiel texts, optionally
//     pointed at their nearest ROME fiches métier (FitLocalConcepts);
//   - Cache, which wraps either and persists vectors keyed by model,
//     dimensions and the SHA-256 of the text, so that re-indexing an
//     unchanged catalog makes no embedding call.
//
// No function of this package logs the texts it embeds.
package embed

import "errors"

// Sentinel errors; match them with errors.Is.
var (
	// ErrBadResponse reports an embedding response that failed validation
	// (vector count, dimension, non-finite values, zero vector) on every attempt.
	ErrBadResponse = errors.New("bad embedding response")
	// ErrRejected reports a request the server refused for good (400, 401,
	// 403, 404...): retrying cannot help.
	ErrRejected = errors.New("embedding request rejected")
	// ErrUnavailable reports that retries ran out on rate limits, server
	// errors, timeouts or network errors.
	ErrUnavailable = errors.New("embedding service unavailable")
	// ErrConfig reports an invalid configuration or options.
	ErrConfig = errors.New("invalid embedder configuration")
	// ErrEmptyText reports a text with nothing to embed.
	ErrEmptyText = errors.New("empty text")
	// ErrCorrupt reports a weights or cache file that cannot be read back.
	ErrCorrupt = errors.New("corrupt file")
)
