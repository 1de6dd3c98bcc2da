package api

import (
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/tremplin/tremplin/recommender"
)

// metrics are the server's Prometheus collectors, in a registry of its own
// so that several servers (tests) can live in one process.
type metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.HistogramVec
	suggestions *prometheus.HistogramVec
	degraded    prometheus.Counter
}

func newMetrics() *metrics {
	m := &metrics{
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
	m.reg.MustRegister(m.requests, m.suggestions, m.degraded,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Register adds collectors of other packages (recommendation stages,
// embedder calls, index sizes) to the server's registry.
func (m *metrics) Register(cs ...prometheus.Collector) error {
	for _, c := range cs {
		if err := m.reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Observe(d.Seconds())
}

func (m *metrics) recommendation(resp recommender.Response) {
	for _, ks := range resp.Suggestions {
		m.suggestions.WithLabelValues(string(ks.Kind)).Observe(float64(len(ks.Items)))
	}
	if resp.Degraded {
		m.degraded.Inc()
	}
}

func (m *metrics) handler() gin.HandlerFunc {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return gin.WrapH(h)
}
