# shellcheck shell=bash
# A feed of many jobs on the fake feed server.  Not a revenue fetcher: no
# map, no state, so none of the fetcher_* variables.
profile_setup() {
	mkdir -p feeds
	[ -s feeds/big.rss ] || awk 'BEGIN { print "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>big</title>"
		for (i = 1; i <= 5000; i++)
			printf "<item><title>Job %d</title><link>https://www.upwork.com/jobs/~%d</link><description>&lt;b&gt;Budget&lt;/b&gt;: $%d</description><guid>g%d</guid></item>\n", i, i, i, i
		print "</channel></rss>" }' >feeds/big.rss
	fake_start feed --dir "$PWD/feeds"
}
profile_stdout() { echo "rt-fetch-feed -q $FAKE_URL/files/big.rss"; }
