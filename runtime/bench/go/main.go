// wpbench-go: the Go reference side of the wpool benchmark.
//
// Usage: wpbench-go WORKLOAD PARAMS N
//
// It runs one workload once and prints one line in the format shared with
// the C (wpool_bench) and GLib (wpbench-glib) programs; see ../README.md:
//
//	RESULT <impl> <workload> <params> <n> <ns_per_op> <ops_per_sec> <peak_rss_kb> <check>
//	MEM    <impl> <workload> <params> <n> <heap_delta_bytes> <rss_delta_bytes> <payload_bytes> <peak_rss_kb> <check>
//
// GOMAXPROCS is left at its default (the number of cores).
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

const impl = "go"

func usage() {
	fmt.Fprintln(os.Stderr, "usage: wpbench-go WORKLOAD PARAMS N")
	fmt.Fprintln(os.Stderr, "  classic  w=W,cap=C    worker pool: feeder -> jobs -> W workers -> results -> sum")
	fmt.Fprintln(os.Stderr, "  pingpong cap=C        N round trips over two channels")
	fmt.Fprintln(os.Stderr, "  pool     w=W,cap=C    N tiny jobs on W goroutines reading a chan func()")
	fmt.Fprintln(os.Stderr, "  spawn    -            N x (go + WaitGroup), then Wait")
	fmt.Fprintln(os.Stderr, "  select   q=4,cap=C    one receiver selecting over 4 channels fed by 4 senders")
	fmt.Fprintln(os.Stderr, "  memory   elem=E       a channel of N elements of E (8 or 64) bytes, filled")
	os.Exit(2)
}

// params parses "k=v,k=v" ("-" is empty) into integers.
func params(s string) map[string]int64 {
	m := map[string]int64{}
	if s == "-" || s == "" {
		return m
	}
	for _, kv := range strings.Split(s, ",") {
		parts := strings.SplitN(kv, "=", 2)
		if len(parts) != 2 {
			fmt.Fprintf(os.Stderr, "bad parameter %q\n", kv)
			os.Exit(2)
		}
		v, err := strconv.ParseInt(parts[1], 10, 64)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bad parameter %q\n", kv)
			os.Exit(2)
		}
		m[parts[0]] = v
	}
	return m
}

func param(m map[string]int64, key string, def int64) int64 {
	if v, ok := m[key]; ok {
		return v
	}
	return def
}

func peakRSSKB() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return int64(ru.Maxrss) // kilobytes on Linux
}

func currentRSSBytes() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return -1
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return -1
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return -1
	}
	return pages * int64(os.Getpagesize())
}

func report(workload, ps string, n int64, elapsed time.Duration, ok bool) {
	ns := float64(elapsed.Nanoseconds()) / float64(n)
	ops := 0.0
	if ns > 0 {
		ops = 1e9 / ns
	}
	check := "ok"
	if !ok {
		check = "FAIL"
	}
	fmt.Printf("RESULT %s %s %s %d %.2f %.0f %d %s\n", impl, workload, ps, n, ns, ops, peakRSSKB(), check)
}

// Workload 1: the tutorial worker pool.
func classic(w int, capacity int, n int64) (time.Duration, bool) {
	start := time.Now()
	jobs := make(chan int64, capacity)
	results := make(chan int64, capacity)
	var wg sync.WaitGroup
	for i := 0; i < w; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- j * 2
			}
		}()
	}
	go func() {
		for j := int64(1); j <= n; j++ {
			jobs <- j
		}
		close(jobs)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	var sum int64
	for r := range results {
		sum += r
	}
	return time.Since(start), sum == n*(n+1)
}

// Workload 2: ping-pong; returns the time for n round trips.
func pingpong(capacity int, n int64) (time.Duration, bool) {
	ping := make(chan int64, capacity)
	pong := make(chan int64, capacity)
	done := make(chan struct{})
	go func() {
		for v := range ping {
			pong <- v + 1
		}
		close(done)
	}()
	ok := true
	warm := n / 10
	if warm > 1000 {
		warm = 1000
	}
	for i := int64(0); i < warm; i++ {
		ping <- i
		if <-pong != i+1 {
			ok = false
		}
	}
	start := time.Now()
	for i := int64(0); i < n; i++ {
		ping <- i
		if <-pong != i+1 {
			ok = false
		}
	}
	el := time.Since(start)
	close(ping)
	<-done
	return el, ok
}

// Workload 3: a fixed pool of w goroutines running submitted funcs, with a
// WaitGroup counting the jobs in flight (what wp_pool_submit/wp_pool_wait do).
type pool struct {
	jobs chan func()
	wg   sync.WaitGroup
}

func newPool(w, capacity int) *pool {
	p := &pool{jobs: make(chan func(), capacity)}
	for i := 0; i < w; i++ {
		go func() {
			for f := range p.jobs {
				f()
				p.wg.Done()
			}
		}()
	}
	return p
}

func (p *pool) submit(f func()) {
	p.wg.Add(1)
	p.jobs <- f
}

func (p *pool) wait()  { p.wg.Wait() }
func (p *pool) close() { close(p.jobs) }

func poolBench(w, capacity int, n int64) (time.Duration, bool) {
	p := newPool(w, capacity)
	var counter int64
	job := func() { atomic.AddInt64(&counter, 1) }
	start := time.Now()
	for i := int64(0); i < n; i++ {
		p.submit(job)
	}
	p.wait()
	el := time.Since(start)
	p.close()
	return el, atomic.LoadInt64(&counter) == n
}

// Workload 4: spawning n empty goroutines under a WaitGroup.
func spawn(n int64) (time.Duration, bool) {
	var wg sync.WaitGroup
	var ran int64
	start := time.Now()
	for i := int64(0); i < n; i++ {
		wg.Add(1)
		go func() {
			atomic.AddInt64(&ran, 1)
			wg.Done()
		}()
	}
	wg.Wait()
	return time.Since(start), atomic.LoadInt64(&ran) == n
}

// Workload 5: select over 4 channels, nil-channel idiom for closed ones.
func selectBench(capacity int, n int64) (time.Duration, bool) {
	per := n / 4
	total := per * 4
	var chs [4]chan int64
	for i := range chs {
		chs[i] = make(chan int64, capacity)
	}
	start := time.Now()
	for i := 0; i < 4; i++ {
		go func(c chan int64, base int64) {
			for k := int64(1); k <= per; k++ {
				c <- base + k
			}
			close(c)
		}(chs[i], int64(i)*per)
	}
	c0, c1, c2, c3 := chs[0], chs[1], chs[2], chs[3]
	var sum, got int64
	open := 4
	for open > 0 {
		select {
		case v, ok := <-c0:
			if !ok {
				c0 = nil
				open--
				continue
			}
			sum += v
		case v, ok := <-c1:
			if !ok {
				c1 = nil
				open--
				continue
			}
			sum += v
		case v, ok := <-c2:
			if !ok {
				c2 = nil
				open--
				continue
			}
			sum += v
		case v, ok := <-c3:
			if !ok {
				c3 = nil
				open--
				continue
			}
			sum += v
		}
		got++
	}
	return time.Since(start), got == total && sum == total*(total+1)/2
}

// Memory: a buffered channel of n elements, filled, so every page is touched.
func memory(elem int, n int64) (heap, rss, payload int64, ok bool) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rss0 := currentRSSBytes()
	ok = true
	switch elem {
	case 8:
		c := make(chan [8]byte, n)
		var e [8]byte
		for i := int64(0); i < n; i++ {
			e[0] = byte(i)
			c <- e
		}
		runtime.ReadMemStats(&after)
		rss = currentRSSBytes() - rss0
		ok = int64(len(c)) == n
		runtime.KeepAlive(c)
	case 64:
		c := make(chan [64]byte, n)
		var e [64]byte
		for i := int64(0); i < n; i++ {
			e[0] = byte(i)
			c <- e
		}
		runtime.ReadMemStats(&after)
		rss = currentRSSBytes() - rss0
		ok = int64(len(c)) == n
		runtime.KeepAlive(c)
	default:
		fmt.Fprintln(os.Stderr, "memory: elem must be 8 or 64")
		os.Exit(2)
	}
	heap = int64(after.HeapAlloc) - int64(before.HeapAlloc)
	return heap, rss, int64(elem) * n, ok
}

func main() {
	if len(os.Args) != 4 {
		usage()
	}
	workload, ps := os.Args[1], os.Args[2]
	n, err := strconv.ParseInt(os.Args[3], 10, 64)
	if err != nil || n <= 0 {
		usage()
	}
	m := params(ps)
	capacity := int(param(m, "cap", 1024))
	var el time.Duration
	var ok bool
	switch workload {
	case "classic":
		el, ok = classic(int(param(m, "w", 4)), capacity, n)
	case "pingpong":
		el, ok = pingpong(int(param(m, "cap", 0)), n)
	case "pool":
		el, ok = poolBench(int(param(m, "w", 2)), capacity, n)
	case "spawn":
		el, ok = spawn(n)
	case "select":
		if param(m, "q", 4) != 4 {
			fmt.Fprintln(os.Stderr, "select: only q=4 is implemented")
			os.Exit(2)
		}
		el, ok = selectBench(capacity, n)
	case "memory":
		heap, rss, payload, mok := memory(int(param(m, "elem", 8)), n)
		check := "ok"
		if !mok {
			check = "FAIL"
		}
		fmt.Printf("MEM %s memory %s %d %d %d %d %d %s\n", impl, ps, n, heap, rss, payload, peakRSSKB(), check)
		if !mok {
			os.Exit(1)
		}
		return
	default:
		usage()
	}
	report(workload, ps, n, el, ok)
	if !ok {
		os.Exit(1)
	}
}
