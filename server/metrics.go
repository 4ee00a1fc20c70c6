package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are a Handler's Prometheus metrics, in a registry of its own
// (so that two Handlers in one process do not collide):
//
//	dedupe_documents, dedupe_clusters, dedupe_pairs   what the Detector holds (gauges)
//	dedupe_deletes_total, dedupe_evictions_total      documents deleted, evicted by the window
//	dedupe_disk_bytes, dedupe_memory_bytes            the store's size; the Detector's memory, estimated
//	dedupe_compactions_total                          compactions of the store since it was opened
//	dedupe_adds_total{outcome}                        documents posted: added, invalid, duplicate_id, too_large, failed
//	dedupe_add_duration_seconds                       Add (durable) of each document added
//	dedupe_http_requests_total{route,code}            requests by route pattern and status code
//	dedupe_http_request_duration_seconds{route}       requests' durations
//
// and the Go runtime's and the process's standard metrics (go_*,
// process_*). The Detector's figures are read from dedupe.Detector.Stats,
// O(1), when scraped.
type metrics struct {
	reg      *prometheus.Registry
	adds     *prometheus.CounterVec
	addTime  prometheus.Histogram
	requests *prometheus.CounterVec
	reqTime  *prometheus.HistogramVec
	handler  http.Handler
}

// latencyBuckets span 100 µs to 10 s.
var latencyBuckets = prometheus.ExponentialBucketsRange(1e-4, 10, 16)

func newMetrics(h *Handler) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		adds: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dedupe_adds_total",
			Help: "Documents posted, by outcome: added, invalid (refused before Add), duplicate_id, too_large, failed (the store).",
		}, []string{"outcome"}),
		addTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "dedupe_add_duration_seconds",
			Help:    "Time to add a document, durably, until its answer (in a batch, from the batch's start).",
			Buckets: latencyBuckets,
		}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dedupe_http_requests_total",
			Help: "HTTP requests by route pattern and status code.",
		}, []string{"route", "code"}),
		reqTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "dedupe_http_request_duration_seconds",
			Help:    "HTTP requests' durations by route pattern.",
			Buckets: latencyBuckets,
		}, []string{"route"}),
	}
	for _, outcome := range []string{"added", "invalid", "duplicate_id", "too_large", "failed"} {
		m.adds.WithLabelValues(outcome) // exported at 0 from the start
	}
	m.reg.MustRegister(m.adds, m.addTime, m.requests, m.reqTime, stats{h},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorLog: h.opts.ErrorLog})
	return m
}

func (m *metrics) serve(w http.ResponseWriter, r *http.Request) { m.handler.ServeHTTP(w, r) }

func (m *metrics) added(took time.Duration) {
	m.adds.WithLabelValues("added").Inc()
	m.addTime.Observe(took.Seconds())
}

func (m *metrics) refused(outcome string) { m.adds.WithLabelValues(outcome).Inc() }

func (m *metrics) request(route string, code int, took time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	m.reqTime.WithLabelValues(route).Observe(took.Seconds())
}

// stats collects the Detector's Stats when scraped.
type stats struct{ h *Handler }

var (
	documentsDesc = prometheus.NewDesc("dedupe_documents", "Documents held: added, less deleted and evicted.", nil, nil)
	clustersDesc  = prometheus.NewDesc("dedupe_clusters", "Clusters of two or more documents.", nil, nil)
	pairsDesc     = prometheus.NewDesc("dedupe_pairs", "Pairs of documents sharing text, less those of documents deleted or evicted.", nil, nil)
	deletesDesc   = prometheus.NewDesc("dedupe_deletes_total", "Documents deleted.", nil, nil)
	evictionsDesc = prometheus.NewDesc("dedupe_evictions_total", "Documents evicted by the window (-window, dedupe.Options.Retention).", nil, nil)
	diskDesc      = prometheus.NewDesc("dedupe_disk_bytes", "Size of the index on disk.", nil, nil)
	compactDesc   = prometheus.NewDesc("dedupe_compactions_total", "Compactions of the index on disk since it was opened (dedupe.Detector.Compact).", nil, nil)
	memoryDesc    = prometheus.NewDesc("dedupe_memory_bytes", "Memory the Detector holds, estimated (dedupe.Stats.MemoryBytes).", nil, nil)
)

func (stats) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{documentsDesc, clustersDesc, pairsDesc, deletesDesc, evictionsDesc, diskDesc, compactDesc, memoryDesc} {
		ch <- d
	}
}

func (s stats) Collect(ch chan<- prometheus.Metric) {
	d := s.h.det.Load()
	if d == nil { // opening
		return
	}
	st := d.Stats()
	gauge := func(desc *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, v)
	}
	counter := func(desc *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(desc, prometheus.CounterValue, v)
	}
	gauge(documentsDesc, float64(st.Documents))
	gauge(clustersDesc, float64(st.Clusters))
	gauge(pairsDesc, float64(st.Pairs))
	counter(deletesDesc, float64(st.Deletes))
	counter(evictionsDesc, float64(st.Evictions))
	gauge(diskDesc, float64(st.DiskBytes))
	counter(compactDesc, float64(st.Compactions))
	gauge(memoryDesc, float64(st.MemoryBytes))
}
