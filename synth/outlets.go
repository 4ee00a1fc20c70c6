package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// wireName is the Outlet of wire originals.
const wireName = "The Associated Press"

// wireTrailer ends every wire original; some outlets keep it on copies.
const wireTrailer = "Copyright 2024 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission."

const mastheads = `
Herald
Tribune
Gazette
Courier
Daily News
Register
Sentinel
Journal
Observer
Times
Ledger
Star
Examiner
Chronicle
Press
Bulletin
Record
Dispatch
Beacon
Post
`

const chainNames = `
Lakeshore Media Group
Heartland Newspapers
Summit Local Media
Prairie News Group
Coastline Media
Riverbend Publishing
Keystone Media Partners
Pioneer News Network
Evergreen Local
Frontier Press Holdings
`

var navItems = [...]string{"News", "Local", "Nation & World", "Politics", "Business", "Sports",
	"Opinion", "Obituaries", "Weather", "Entertainment", "Lifestyle", "Food", "Health",
	"Education", "Crime", "Real Estate", "Jobs", "Classifieds", "Events", "Photos", "Video",
	"Podcasts", "Puzzles", "Letters"}

var utilityLines = [...]string{
	"Subscribe | Sign In | e-Edition | Newsletters",
	"Breaking News Alerts • Sign In • Subscribe for $1",
	"Today’s Paper | Manage Account | Log Out",
	"Support local journalism — subscribe today",
}

// outlet is a publisher with fixed chrome and house style.
type outlet struct {
	Outlet
	home      localCity
	domain    string
	parSep    string // paragraph separator
	dateStyle int    // how wire datelines are restyled
	byStyle   int    // how wire bylines are restyled
	pubStyle  int    // published-time line format
	trailer   bool   // keeps the wire copyright trailer on copies
}

// makeOutlets builds n outlets; deterministic in r.
func makeOutlets(r *rand.Rand, lx *lexicon, n, footerLines int) []outlet {
	masts := lines(mastheads)
	chains := lines(chainNames)
	nchain := max(1, min(len(chains), (n+3)/4))
	homes := r.Perm(len(lx.homes))
	seen := map[string]bool{}
	out := make([]outlet, 0, n)
	for i := 0; len(out) < n; i++ {
		home := lx.homes[homes[i%len(homes)]]
		mast := masts[r.IntN(len(masts))]
		name := home.name + " " + mast
		if r.IntN(3) != 0 {
			name = "The " + name
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		o := outlet{home: home}
		o.Name = name
		o.domain = strings.ToLower(strings.NewReplacer(" ", "", "The ", "").Replace(name)) + ".com"
		o.parSep = "\n\n"
		if r.IntN(10) < 3 {
			o.parSep = "\n"
		}
		o.dateStyle = r.IntN(5)
		o.byStyle = r.IntN(5)
		o.pubStyle = r.IntN(4)
		o.trailer = r.IntN(10) < 3
		chain := chains[i%nchain]
		if footerLines >= 0 {
			o.Header = header(r, name)
			o.Footer = footer(r, &o, chain, footerLines)
		}
		out = append(out, o)
	}
	return out
}

func header(r *rand.Rand, name string) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteString("\nHome")
	idx := r.Perm(len(navItems))
	for _, j := range idx[:7+r.IntN(6)] {
		b.WriteString(" | ")
		b.WriteString(navItems[j])
	}
	b.WriteString("\n")
	b.WriteString(utilityLines[r.IntN(len(utilityLines))])
	return b.String()
}

func footer(r *rand.Rand, o *outlet, chain string, n int) string {
	tips := "(" + strconv.Itoa(200+r.IntN(790)) + ") 555-01" + strconv.Itoa(10+r.IntN(90))
	street := strconv.Itoa(100+r.IntN(9800)) + " " + []string{"Main", "Commerce", "Market", "Front", "Broad", "Court"}[r.IntN(6)] + " Street"
	news := []string{"Morning Briefing", "Daily Headlines", "The Evening Edition", "Local Roundup"}[r.IntN(4)]
	all := []string{
		"Sign up for " + news + " and get the day’s top stories delivered to your inbox every morning.",
		"© 2024 " + o.Name + ". All rights reserved. Privacy Policy | Terms of Service | Cookie Policy | Contact Us | Advertise | Careers",
		o.Name + " is part of " + chain + ". " + street + ", " + o.home.name + ", " + o.home.state,
		"Use of and/or registration on any portion of this site constitutes acceptance of our User Agreement, Privacy Policy and Cookie Statement, and Your Privacy Choices and Rights.",
		"Do Not Sell or Share My Personal Information | Accessibility | Site Map | Manage Subscription | e-Edition | Place an Ad",
		"Material on this site may not be reproduced, distributed, transmitted, cached or otherwise used, except with the prior written permission of " + chain + ".",
		"Have a news tip? Email newsroom@" + o.domain + " or call " + tips + ".",
		"Follow us on Facebook, X and Instagram.",
	}
	return strings.Join(all[:min(n, len(all))], "\n")
}
