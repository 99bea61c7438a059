# shellcheck shell=bash
fetcher_fake=abm fetcher_map=adsbymoney fetcher_urlvar=RT_ABM_URL fetcher_urlpath=

profile_setup() {
	fake_start abm
	export RT_ABM_URL=$FAKE_URL RT_ABM_USER=pub@example.com RT_ABM_PASSWORD='Pa ss&w=rd+%2F/9Qx' RT_ABM_PUBID=PUB-20417
}
profile_stdout() { echo 'rt-scrape-abm -q --state-out st.new'; }
