package optflag

import "testing"

func TestParseSize(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Size
		ok   bool
	}{
		{"1", 1, true},
		{"1048576", 1 << 20, true},
		{"64MiB", 64 << 20, true},
		{"64mib", 64 << 20, true},
		{"64 MiB", 64 << 20, true},
		{"64MB", 64e6, true},
		{"1GiB", 1 << 30, true},
		{"2gb", 2e9, true},
		{"10kB", 10e3, true},
		{"3KiB", 3 << 10, true},
		{"1TiB", 1 << 40, true},
		{"512B", 512, true},
		{"8388607TiB", 8388607 << 40, true},
		{"8388608TiB", 0, false}, // 2^63
		{"0", 0, false},
		{"-1", 0, false},
		{"", 0, false},
		{"MiB", 0, false},
		{"1.5GiB", 0, false},
		{"64M", 0, false},
		{"lots", 0, false},
	} {
		got, err := parseSize(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("parseSize(%q) = %d, %v; want %d, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
		if tt.ok {
			if back, err := parseSize(got.String()); back != got || err != nil {
				t.Errorf("parseSize(%q) = %d, %v: String %q does not parse back", tt.in, back, err, got.String())
			}
		}
	}
	for z, want := range map[Size]string{256 << 20: "256MiB", 64 << 20: "64MiB", 1000: "1000", 1536: "1536", 1 << 40: "1TiB"} {
		if got := z.String(); got != want {
			t.Errorf("Size(%d).String() = %q, want %q", int64(z), got, want)
		}
	}
}
