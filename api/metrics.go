package api

import (
	"context"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/tremplin/tremplin/recommender"
)

// Metrics are the server's Prometheus collectors, in a registry of its own
// so that several servers (tests) can live in one process. Other parts of
// Tremplin report to it through ObserveStage, CountEmbedder and IndexSizes.
type Metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.HistogramVec
	suggestions *prometheus.HistogramVec
	degraded    prometheus.Counter
	stages      *prometheus.HistogramVec
	embedCalls  *prometheus.CounterVec
}

// NewMetrics returns the collectors of one server.
func NewMetrics() *Metrics { return newMetrics() }

func newMetrics() *Metrics {
	m := &Metrics{
		stages: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "tremplin_recommendation_stage_duration_seconds",
			Help:    "Duration of each stage of a recommendation (understand, text, vector, metier, fusion, respond).",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1},
		}, []string{"stage"}),
		embedCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tremplin_embedder_calls_total",
			Help: "Query embedding calls by outcome (ok, error).",
		}, []string{"outcome"}),
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "tremplin_http_request_duration_seconds",
			Help:    "HTTP request latency by route, method and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "method", "status"}),
		suggestions: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "tremplin_recommendation_suggestions",
			Help:    "Number of suggestions returned per kind.",
			Buckets: []float64{0, 1, 2, 3, 5, 10, 20, 50},
		}, []string{"kind"}),
		degraded: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "tremplin_recommendations_degraded_total",
			Help: "Recommendations answered without the vector side (embedder failure or timeout).",
		}),
	}
	m.reg.MustRegister(m.requests, m.suggestions, m.degraded, m.stages, m.embedCalls,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *Metrics) observe(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Observe(d.Seconds())
}

func (m *Metrics) recommendation(resp recommender.Response) {
	for _, ks := range resp.Suggestions {
		m.suggestions.WithLabelValues(string(ks.Kind)).Observe(float64(len(ks.Items)))
	}
	if resp.Degraded {
		m.degraded.Inc()
	}
}

func (m *Metrics) handler() gin.HandlerFunc {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return gin.WrapH(h)
}

// ObserveStage records the duration of one recommendation stage.
func (m *Metrics) ObserveStage(stage string, d time.Duration) {
	m.stages.WithLabelValues(stage).Observe(d.Seconds())
}

// CountEmbedder wraps e so that its calls and errors are counted.
func (m *Metrics) CountEmbedder(e recommender.Embedder) recommender.Embedder {
	return countedEmbedder{e, m.embedCalls}
}

type countedEmbedder struct {
	recommender.Embedder
	calls *prometheus.CounterVec
}

func (c countedEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	v, err := c.Embedder.Embed(ctx, texts)
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	c.calls.WithLabelValues(outcome).Inc()
	return v, err
}

// IndexSizes exports the number of documents of each index, read from
// sizes at every scrape.
func (m *Metrics) IndexSizes(sizes func() map[string]int) error {
	desc := prometheus.NewDesc("tremplin_index_documents", "Documents in each index.", []string{"index"}, nil)
	return m.reg.Register(sizeCollector{desc, sizes})
}

type sizeCollector struct {
	desc  *prometheus.Desc
	sizes func() map[string]int
}

func (c sizeCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c sizeCollector) Collect(ch chan<- prometheus.Metric) {
	for name, n := range c.sizes() {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n), name)
	}
}
