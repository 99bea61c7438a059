/*
 * The dashboard page: one HTML file with its style, its charts (inline SVG)
 * and a few lines of script inline, so that it works opened from disk and
 * fetches nothing from elsewhere.  Every text that comes from a record is
 * escaped (rt_html_escape); the page's policy lets only its own script run
 * (by hash) and connect only to where it came from, for snapshot.json.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "rt_dash.h"
#include "rt_digest.h"
#include "rt_err.h"
#include "rt_html.h"
#include "rt_money.h"
#include "rt_tracker.h"

static const char style[] =
    ":root{--bg:#f5f6f8;--card:#fff;--ink:#1b2130;--muted:#5f6b7c;--line:#e3e6eb;--ok:#137a4f;"
    "--warn:#a8550b;--bad:#b42318}"
    "*{box-sizing:border-box}"
    "body{margin:0;background:var(--bg);color:var(--ink);"
    "font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}"
    "main{max-width:1120px;margin:0 auto;padding:20px 24px 40px}"
    "header{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:8px 16px}"
    "h1{font-size:24px;margin:0}h2{font-size:16px;margin:0 0 10px}"
    ".meta{color:var(--muted)}"
    ".fresh{display:inline-block;font-weight:600;font-size:13px;padding:2px 10px;border-radius:999px;"
    "background:#fff4e5;color:var(--warn)}"
    ".fresh.live{background:#e6f5ee;color:var(--ok)}.fresh.stale{background:#fdecea;color:var(--bad)}"
    ".card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:16px 20px;"
    "margin:16px 0}"
    ".goal .row{display:flex;justify-content:space-between;align-items:baseline;gap:12px}"
    ".goal .pct{font-size:28px;font-weight:700}"
    ".track{height:16px;background:#e9ecf1;border-radius:8px;overflow:hidden;margin-top:8px}"
    ".track span{display:block;height:100%;background:linear-gradient(90deg,#4e79a7,#59a14f)}"
    ".figs{display:grid;grid-template-columns:repeat(auto-fit,minmax(210px,1fr));gap:12px}"
    ".fig{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:12px 16px}"
    ".fig small{color:var(--muted);display:block}.fig b{font-size:22px;font-variant-numeric:tabular-nums}"
    ".pills{display:flex;flex-wrap:wrap;gap:8px;list-style:none;margin:0;padding:0}"
    ".pill{border:1px solid var(--line);border-radius:999px;padding:5px 14px;background:var(--card)}"
    ".pill b{margin-right:6px}.pill em{font-style:normal;font-size:13px;margin-left:6px}"
    ".pill.stale{border-color:var(--warn)}.pill.stale em{color:var(--warn)}"
    ".pill.failed{border-color:var(--bad);background:#fdecea}.pill.failed em{color:var(--bad)}"
    ".legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:13px;color:var(--muted);margin:4px 0 0;"
    "padding:0;list-style:none}"
    ".legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px}"
    "svg.chart{width:100%;height:auto;display:block}"
    "svg .grid{stroke:#e3e6eb;stroke-width:1}svg .axis{font-size:11px;fill:#5f6b7c}"
    "svg .pace{stroke:#9aa3af;stroke-width:2;stroke-dasharray:6 5}"
    "svg polyline.ytd{fill:none;stroke:#4e79a7;stroke-width:2.5}svg circle.ytd{fill:#4e79a7}"
    ".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:0 20px}"
    "table{border-collapse:collapse;width:100%;font-size:14px}"
    "th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}"
    "th{color:var(--muted);font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}td.neg{color:var(--bad)}"
    ".scroll{overflow-x:auto}footer{color:var(--muted);font-size:13px}";

/*
 * Freshness recomputed every 30 s from the embedded snapshot time; and,
 * served over HTTP, snapshot.json fetched every poll seconds (?poll=N
 * overrides) to update the figures in place.  Integers of 16 digits or
 * more are quoted before JSON.parse, so no amount loses a digit to a
 * double; money is formatted from its digits as rt_money_display does.
 */
static const char script[] =
    "(function(){\"use strict\";"
    "var D=JSON.parse(document.getElementById(\"rt-data\").textContent),snap=Date.parse(D.snapshot);"
    "function ago(ms){var m=Math.max(0,Math.floor(ms/60000)),h=Math.floor(m/60);"
    "return m<60?m+\" min\":h<48?h+\" h\":Math.floor(h/24)+\" d\";}"
    "function fresh(){var el=document.getElementById(\"fresh\"),age=Date.now()-snap;"
    "if(age<300000){el.textContent=\"Live\";el.className=\"fresh live\";}"
    "else if(age>D.max_age*1000){el.textContent=\"Stale \\u2014 updated \"+ago(age)+\" ago\";"
    "el.className=\"fresh stale\";}"
    "else{el.textContent=\"Updated \"+ago(age)+\" ago\";el.className=\"fresh\";}}"
    "function money(v,c){var f=D.currencies[c]||[2,\"\"],e=f[0],s=String(v),neg=s.charAt(0)===\"-\";"
    "if(neg)s=s.slice(1);while(s.length<=e)s=\"0\"+s;"
    "var n=s.slice(0,s.length-e).replace(/\\B(?=(\\d{3})+$)/g,\",\")+(e?\".\"+s.slice(s.length-e):\"\");"
    "return f[1]?(neg?\"-\":\"\")+f[1]+n:c+\" \"+(neg?\"-\":\"\")+n;}"
    "function apply(s,lm){if(!s||typeof s.currencies!==\"object\")return;"
    "var els=document.querySelectorAll(\"[data-k]\"),i,t;"
    "for(i=0;i<els.length;i++){var el=els[i],cur=el.getAttribute(\"data-c\"),c=s.currencies[cur],"
    "k=el.getAttribute(\"data-k\");if(!c)continue;"
    "var v=k===\"src\"?(c.sources||{})[el.getAttribute(\"data-s\")]||0:c[k];"
    "if(v!==undefined&&v!==null)el.textContent=money(v,cur);}"
    "if(s.goal&&typeof s.goal.pct===\"number\"){t=document.getElementById(\"pct\");"
    "if(t)t.textContent=s.goal.pct.toFixed(2)+\"%\";t=document.getElementById(\"goalbar\");"
    "if(t)t.style.width=Math.max(0,Math.min(100,s.goal.pct))+\"%\";}"
    "if(typeof s.as_of===\"string\")document.getElementById(\"asof\").textContent=s.as_of;"
    "t=lm?Date.parse(lm):NaN;if(!isNaN(t))snap=t;fresh();}"
    "function poll(){fetch(\"snapshot.json\",{cache:\"no-store\"}).then(function(r){"
    "if(!r.ok)throw new Error(r.status);var lm=r.headers.get(\"Last-Modified\");"
    "return r.text().then(function(t){"
    "apply(JSON.parse(t.replace(/([:,\\[]\\s*)(-?\\d{16,})(?=\\s*[,}\\]])/g,'$1\"$2\"')),lm);});"
    "}).catch(function(){});}"
    "var q=/[?&]poll=(\\d+)/.exec(location.search),every=q?+q[1]:D.poll;"
    "fresh();setInterval(fresh,30000);"
    "if(/^https?:$/.test(location.protocol)&&every>0)setInterval(poll,every*1000);"
    "})();";

/* The currencies the page shows: the goal's first, then the others by code, at most RT_DASH_MAXCUR. */
static size_t
currencies(const struct rt_dash *d, const char **out, size_t *hidden)
{
	const struct rt_summary *s = &d->view.sum;
	const char *goal = d->opt.goal.set ? d->opt.goal.currency : NULL;
	size_t n = 0, i;

	if (goal != NULL)
		out[n++] = goal;
	*hidden = 0;
	for (i = 0; i < s->ncur; i++) {
		if (goal != NULL && strcmp(s->cur[i].currency, goal) == 0)
			continue;
		if (n < RT_DASH_MAXCUR)
			out[n++] = s->cur[i].currency;
		else
			(*hidden)++;
	}
	if (n == 0)
		out[n++] = "USD";
	return n;
}

static void
text(struct rt_buf *b, const char *s)
{
	rt_html_escape(b, s, strlen(s));
}

static void
money(struct rt_buf *b, int64_t v, const char *cur)
{
	char m[RT_MONEY_BUFSZ];

	rt_buf_adds(b, rt_money_display(v, cur, m, sizeof(m)));
}

/* A figure the script may update: k is its key in snapshot.json's currency object. */
static void
figure(struct rt_buf *b, const char *label, const char *k, int64_t v, const char *cur)
{
	rt_buf_addf(b, "<div class=\"fig\"><small>%s</small><b data-k=\"%s\" data-c=\"%s\">", label, k, cur);
	money(b, v, cur);
	rt_buf_adds(b, "</b></div>");
}

static void
head(struct rt_buf *b, const struct rt_dash *d)
{
	unsigned char digest[RT_SHA256_LEN], hash[48];

	rt_sha256(script, sizeof(script) - 1, digest);
	EVP_EncodeBlock(hash, digest, RT_SHA256_LEN);
	rt_buf_adds(b,
	    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	    "style-src 'unsafe-inline'; img-src data:; connect-src 'self'; script-src 'sha256-");
	rt_buf_addf(
	    b, "%s'\"><meta name=\"generator\" content=\"rt-dashboard " RT_VERSION "\"><title>", hash);
	text(b, d->opt.title);
	rt_buf_addf(b, "</title><style>%s</style></head>\n<body><main>\n", style);
}

static void
header(struct rt_buf *b, const struct rt_dash *d)
{
	char day[RT_DATE_BUFSZ], now[RT_INSTANT_BUFSZ];

	rt_buf_adds(b, "<header><div><h1>");
	text(b, d->opt.title);
	rt_buf_addf(b, "</h1><div class=\"meta\">As of <span id=\"asof\">%s</span> \xc2\xb7 ",
	    rt_date_format(d->as_of, day));
	text(b, rt_tz_name());
	rt_buf_addf(b,
	    "</div></div><span id=\"fresh\" class=\"fresh live\" title=\"snapshot %s\">Live</span>"
	    "</header>\n",
	    rt_instant_format(d->now, now));
}

static void
goal(struct rt_buf *b, const struct rt_dash *d)
{
	const struct rt_goal *g = &d->opt.goal;
	const struct rt_currency_total *c = rt_summary_currency(&d->view.sum, g->currency);
	int64_t ytd = c != NULL ? c->ytd : 0;
	__int128 pct = rt_goal_pct(g, ytd);
	int64_t width = pct < 0 ? 0 : pct > 10000 ? 10000 : (int64_t)pct;

	rt_buf_adds(b, "<section class=\"card goal\"><div class=\"row\"><div><h2>Annual goal</h2>");
	rt_buf_addf(b, "<span data-k=\"ytd_minor\" data-c=\"%s\">", g->currency);
	money(b, ytd, g->currency);
	rt_buf_adds(b, "</span> of ");
	money(b, g->amount_minor, g->currency);
	rt_buf_adds(b, "</div><div class=\"pct\" id=\"pct\">");
	rt_pct_format(b, pct);
	rt_buf_adds(b, "%</div></div><div class=\"track\"><span id=\"goalbar\" style=\"width:");
	rt_pct_format(b, width);
	rt_buf_adds(b, "%\"></span></div></section>\n");
}

static void
figures(struct rt_buf *b, const struct rt_dash *d, const char *const *curs, size_t ncurs, size_t hidden)
{
	const struct rt_currency_total *c;
	static const struct rt_currency_total none;
	size_t i;

	rt_buf_adds(b, "<section class=\"figs\">");
	for (i = 0; i < ncurs; i++) {
		c = rt_summary_currency(&d->view.sum, curs[i]);
		if (c == NULL)
			c = &none;
		rt_buf_addf(b, "<div class=\"fig\"><small>Currency</small><b>%s</b></div>", curs[i]);
		figure(b, "Year to date", "ytd_minor", c->ytd, curs[i]);
		figure(b, "Last 30 days", "last_30d_minor", c->last30, curs[i]);
		figure(b, "Projected for the year", "projected_annual_minor", c->projected, curs[i]);
	}
	rt_buf_adds(b, "</section>\n");
	if (hidden > 0)
		rt_buf_addf(b,
		    "<p class=\"meta\">%zu more currenc%s not shown: rt-report lists every one.</p>\n",
		    hidden, hidden == 1 ? "y is" : "ies are");
}

static void
pill(struct rt_buf *b, const struct rt_dash *d, const struct rt_dash_source *src, const char *const *curs,
    size_t ncurs)
{
	static const char *const cls[] = { "ok", "stale", "failed" };
	const struct rt_currency_total *c;
	char title[64], day[RT_DATE_BUFSZ];
	size_t i, j, shown = 0;

	rt_buf_addf(b, "<li class=\"pill %s\" data-source=\"%s\"><b>%s</b>", cls[src->health], src->source,
	    rt_source_title(src->source, title, sizeof(title)));
	for (i = 0; i < ncurs; i++) {
		if ((c = rt_summary_currency(&d->view.sum, curs[i])) == NULL)
			continue;
		for (j = 0; j < c->nsources && strcmp(c->sources[j].source, src->source) != 0; j++)
			;
		if (j == c->nsources)
			continue;
		rt_buf_addf(b, "%s<span data-k=\"src\" data-c=\"%s\" data-s=\"%s\">",
		    shown++ ? " \xc2\xb7 " : "", curs[i], src->source);
		money(b, c->sources[j].ytd, curs[i]);
		rt_buf_adds(b, "</span>");
	}
	if (shown == 0)
		rt_buf_adds(b, "<span class=\"meta\">nothing this year</span>");
	if (src->health == RT_DASH_FAILED)
		rt_buf_adds(b, "<em>failed</em>");
	else if (src->health == RT_DASH_STALE)
		rt_buf_addf(b, "<em>stale: last record %s</em>", rt_date_format(src->last, day));
	rt_buf_adds(b, "</li>\n");
}

static void
pills(struct rt_buf *b, const struct rt_dash *d, const char *const *curs, size_t ncurs)
{
	size_t i;

	rt_buf_adds(b, "<section class=\"card\"><h2>Sources, year to date</h2><ul class=\"pills\">\n");
	for (i = 0; i < d->nsources && i < RT_DASH_MAXPILLS; i++)
		pill(b, d, &d->sources[i], curs, ncurs);
	if (d->nsources > RT_DASH_MAXPILLS)
		rt_buf_addf(b, "<li class=\"pill\">%zu more sources</li>", d->nsources - RT_DASH_MAXPILLS);
	if (d->nsources == 0)
		rt_buf_adds(b, "<li class=\"meta\">No records yet.</li>");
	rt_buf_adds(b, "</ul></section>\n");
}

static void
row(struct rt_buf *b, const struct rt_dash_row *r)
{
	const char *f[7], *p = r->text;
	char day[RT_DATE_BUFSZ], title[64];
	size_t i;

	for (i = 0; i < 7; i++, p += strlen(p) + 1)
		f[i] = p;
	rt_buf_addf(b, "<tr><td>%s</td><td>", rt_date_format(r->date, day));
	text(b, rt_source_title(f[1], title, sizeof(title)));
	rt_buf_adds(b, "</td><td>");
	text(b, f[2]);
	rt_buf_adds(b, "</td><td>");
	text(b, f[3]);
	rt_buf_addf(
	    b, "</td><td>%s</td><td>%s</td><td class=\"n%s\">", f[5], f[6], r->amount < 0 ? " neg" : "");
	money(b, r->amount, f[4]);
	rt_buf_adds(b, "</td></tr>\n");
}

static void
recent(struct rt_buf *b, const struct rt_dash *d)
{
	size_t i;

	rt_buf_addf(b,
	    "<section class=\"card\"><h2>Latest %d records</h2><div class=\"scroll\"><table>"
	    "<thead><tr><th>Date</th><th>Source</th><th>Client</th><th>Description</th><th>Kind</th>"
	    "<th>Status</th><th class=\"n\">Amount</th></tr></thead><tbody>\n",
	    RT_DASH_RECENT);
	for (i = 0; i < d->nrecent; i++)
		row(b, &d->recent[i]);
	rt_buf_adds(b, "</tbody></table></div></section>\n");
}

static void
tail(struct rt_buf *b, const struct rt_dash *d, const char *const *curs, size_t ncurs)
{
	char now[RT_INSTANT_BUFSZ];
	const char *sym;
	char m[RT_MONEY_BUFSZ];
	size_t i;

	rt_buf_addf(b,
	    "<footer>Snapshot %s \xc2\xb7 written by rt-dashboard " RT_VERSION "</footer>\n</main>\n",
	    rt_instant_format(d->now, now));
	rt_buf_addf(b,
	    "<script type=\"application/json\" id=\"rt-data\">{\"snapshot\":\"%s\",\"max_age\":%lld,"
	    "\"poll\":%d,\"currencies\":{",
	    now, (long long)d->opt.max_age, d->opt.poll);
	for (i = 0; i < ncurs; i++) {
		/* The symbol rt_money_display puts before 1, or none when it writes the code. */
		rt_money_display(1, curs[i], m, sizeof(m));
		sym = strncmp(m, curs[i], 3) == 0 ? "" : m;
		*strpbrk(m, "0123456789") = '\0';
		rt_buf_addf(
		    b, "%s\"%s\":[%d,\"%s\"]", i ? "," : "", curs[i], rt_currency_exponent(curs[i], 3), sym);
	}
	rt_buf_addf(b, "}}</script>\n<script>%s</script>\n</body></html>\n", script);
}

/* The whole page. */
void
rt_dash_page(struct rt_buf *b, struct rt_dash *d)
{
	const char *curs[RT_DASH_MAXCUR];
	size_t ncurs, hidden;

	ncurs = currencies(d, curs, &hidden);
	head(b, d);
	header(b, d);
	if (d->opt.goal.set)
		goal(b, d);
	figures(b, d, curs, ncurs, hidden);
	pills(b, d, curs, ncurs);
	rt_dash_charts(b, d, curs, ncurs);
	recent(b, d);
	tail(b, d, curs, ncurs);
}
