/*
 * Job feeds through libxml2: RSS 2.0 and 0.9x (<rss><channel><item>), RSS
 * 1.0 (<rdf:RDF><item>) and Atom 1.0 (<feed><entry>).  The parser never
 * reaches the network, loads no DTD and substitutes no external entity; a
 * document that is not well-formed is refused whole rather than guessed
 * at.  The body comes from a server, so this is the place to fuzz.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "rt_date.h"
#include "rt_err.h"
#include "rt_feed.h"
#include "rt_html.h"
#include "rt_money.h"

static void
quiet(void *ctx, const char *msg, ...)
{
}

static void
quiet_structured(void *ctx, xmlErrorPtr e)
{
}

/* Whether n is the element name, in any namespace (<dc:date> is "date"). */
static int
is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *
child(const xmlNode *n, const char *name)
{
	xmlNode *c;

	for (c = n->children; c != NULL; c = c->next)
		if (is(c, name))
			return c;
	return NULL;
}

/* An attribute by its local name, in any namespace (rdf:about); a copy, or NULL. */
static char *
attr(const xmlNode *n, const char *name)
{
	xmlAttr *a;
	xmlChar *v;
	char *s;

	for (a = n->properties; a != NULL; a = a->next) {
		if (strcmp((const char *)a->name, name) != 0)
			continue;
		if ((v = xmlNodeGetContent((const xmlNode *)a)) == NULL)
			return NULL;
		s = rt_estrdup((const char *)v);
		xmlFree(v);
		return s;
	}
	return NULL;
}

/* The text of an element, white space squeezed; NULL when it has none. */
static char *
text(const xmlNode *n)
{
	struct rt_buf b = { 0 };
	xmlChar *v;
	char *s = NULL;

	if (n == NULL || (v = xmlNodeGetContent(n)) == NULL)
		return NULL;
	rt_text_squeeze(&b, (const char *)v, strlen((const char *)v));
	if (b.len > 0)
		s = rt_estrdup(rt_buf_str(&b));
	rt_buf_free(&b);
	xmlFree(v);
	return s;
}

/* The text an element shows: HTML when it holds escaped markup (RSS, Atom type="html"), else as is. */
static char *
shown(const xmlNode *n, int html)
{
	xmlChar *v;
	char *s;

	if (n == NULL)
		return NULL;
	if (!html)
		return text(n);
	if ((v = xmlNodeGetContent(n)) == NULL)
		return NULL;
	s = rt_html_text((const char *)v, strlen((const char *)v));
	xmlFree(v);
	if (*s == '\0') {
		free(s);
		s = NULL;
	}
	return s;
}

/* XHTML markup as elements (Atom type="xhtml"): written out and read as HTML, for its line breaks. */
static char *
xhtml(xmlNode *n)
{
	xmlBufferPtr b = xmlBufferCreate();
	xmlNode *c;
	char *s = NULL;

	if (b == NULL)
		rt_errx(RT_EXIT_IO, "out of memory");
	for (c = n->children; c != NULL; c = c->next)
		xmlNodeDump(b, n->doc, c, 0, 0);
	if (xmlBufferLength(b) > 0)
		s = rt_html_text((const char *)xmlBufferContent(b), (size_t)xmlBufferLength(b));
	xmlBufferFree(b);
	if (s != NULL && *s == '\0') {
		free(s);
		s = NULL;
	}
	return s;
}

/* An Atom text construct: type text (the default), html, or xhtml. */
static char *
atom_text(xmlNode *n)
{
	char *type, *s;

	if (n == NULL)
		return NULL;
	type = attr(n, "type");
	if (type != NULL && strcmp(type, "xhtml") == 0)
		s = xhtml(n);
	else
		s = shown(n, type != NULL && strcmp(type, "html") == 0);
	free(type);
	return s;
}

static char *
first(char *a, char *b)
{
	if (a != NULL) {
		free(b);
		return a;
	}
	return b;
}

/* RFC 822 (RSS's pubDate, through libcurl's reader) or RFC 3339 (Atom, dc:date). */
static void
published(struct rt_feed_item *it, const char *when)
{
	time_t t;

	if (when == NULL)
		return;
	if (rt_instant_parse(when, strlen(when), &it->published) == 0)
		it->has_published = 1;
	else if ((t = curl_getdate(when, NULL)) != -1) {
		it->published = (int64_t)t;
		it->has_published = 1;
	}
}

static void
rss_item(const xmlNode *n, struct rt_feed_item *it)
{
	xmlNode *guid = child(n, "guid");
	char *link = text(child(n, "link")), *g = text(guid), *about = attr(n, "about"), *perma, *when;

	it->title = text(child(n, "title"));
	it->id = g != NULL  ? rt_estrdup(g)
	    : link != NULL  ? rt_estrdup(link)
	    : about != NULL ? rt_estrdup(about)
			    : NULL;
	/* A guid is the job's page unless it says otherwise or is no URL. */
	perma = guid != NULL ? attr(guid, "isPermaLink") : NULL;
	if (link == NULL && g != NULL && (perma == NULL || strcmp(perma, "false") != 0) &&
	    (strncmp(g, "http://", 7) == 0 || strncmp(g, "https://", 8) == 0))
		link = rt_estrdup(g);
	it->url = first(link, about);
	when = first(text(child(n, "pubDate")), text(child(n, "date")));
	published(it, when);
	it->summary = first(shown(child(n, "description"), 1), shown(child(n, "encoded"), 1));
	free(g);
	free(perma);
	free(when);
}

/* Atom's link to the entry's page: rel="alternate", or no rel; else the first with an href. */
static char *
atom_link(const xmlNode *n)
{
	xmlNode *c;
	char *rel, *href, *any = NULL;

	for (c = n->children; c != NULL; c = c->next) {
		if (!is(c, "link") || (href = attr(c, "href")) == NULL)
			continue;
		rel = attr(c, "rel");
		if (rel == NULL || strcmp(rel, "alternate") == 0) {
			free(rel);
			free(any);
			return href;
		}
		free(rel);
		if (any == NULL)
			any = href;
		else
			free(href);
	}
	return any;
}

static void
atom_entry(const xmlNode *n, struct rt_feed_item *it)
{
	char *when;

	it->title = atom_text(child(n, "title"));
	it->url = atom_link(n);
	it->id = text(child(n, "id"));
	if (it->id == NULL && it->url != NULL)
		it->id = rt_estrdup(it->url);
	when = first(text(child(n, "published")), text(child(n, "updated")));
	published(it, when);
	it->summary = first(atom_text(child(n, "summary")), atom_text(child(n, "content")));
	free(when);
}

static void
add(struct rt_feed *f, const xmlNode *n, size_t *cap, void (*read)(const xmlNode *, struct rt_feed_item *))
{
	f->items = rt_egrow(f->items, cap, f->nitems + 1, sizeof(*f->items));
	memset(&f->items[f->nitems], 0, sizeof(f->items[f->nitems]));
	read(n, &f->items[f->nitems++]);
}

/*
 * Reads a feed into f->items, in document order; an item's fields are NULL
 * when it has none.  -1 with why when the body is not well-formed XML or
 * not an RSS or Atom document.
 */
int
rt_feed_parse(const char *body, size_t len, struct rt_feed *f, char *why, size_t whysz)
{
	const xmlError *e;
	xmlNode *root, *n, *from;
	xmlDocPtr doc;
	size_t cap = 0, m;

	memset(f, 0, sizeof(*f));
	if (len == 0 || len > INT_MAX) {
		snprintf(why, whysz, "%s", len == 0 ? "the answer is empty" : "the answer is too large");
		return -1;
	}
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlSetStructuredErrorFunc(NULL, quiet_structured);
	xmlResetLastError();
	doc = xmlReadMemory(
	    body, (int)len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL) {
		e = xmlGetLastError();
		m = e != NULL && e->message != NULL ? strcspn(e->message, "\n") : 0;
		snprintf(why, whysz, "not well-formed XML (line %d: %.*s)", e != NULL ? e->line : 0, (int)m,
		    m > 0 ? e->message : "?");
		return -1;
	}
	root = xmlDocGetRootElement(doc);
	if (is(root, "rss") || is(root, "RDF")) {
		f->kind = "RSS";
		/* RSS 2.0 keeps items in the channel; RSS 1.0 beside it. */
		from = is(root, "rss") ? child(root, "channel") : root;
		for (n = from != NULL ? from->children : NULL; n != NULL; n = n->next)
			if (is(n, "item"))
				add(f, n, &cap, rss_item);
	} else if (is(root, "feed")) {
		f->kind = "Atom";
		for (n = root->children; n != NULL; n = n->next)
			if (is(n, "entry"))
				add(f, n, &cap, atom_entry);
	} else {
		snprintf(why, whysz, "not an RSS or Atom feed: the document is <%s>",
		    root != NULL ? (const char *)root->name : "?");
		xmlFreeDoc(doc);
		return -1;
	}
	xmlFreeDoc(doc);
	return 0;
}

void
rt_feed_free(struct rt_feed *f)
{
	size_t i;

	for (i = 0; i < f->nitems; i++) {
		free(f->items[i].id);
		free(f->items[i].title);
		free(f->items[i].url);
		free(f->items[i].summary);
	}
	free(f->items);
	memset(f, 0, sizeof(*f));
}

/* A currency mark at p ("$", "US$", "€", "£", "₹", "¥", "A$", "C$", or an ISO 4217 code): the code, and where it ends. */
static const char *
currency_at(const char *p, char code[4])
{
	static const struct {
		const char *mark, *code;
	} marks[] = { { "US$", "USD" }, { "A$", "AUD" }, { "C$", "CAD" }, { "$", "USD" },
		{ "\xe2\x82\xac", "EUR" }, { "\xc2\xa3", "GBP" }, { "\xe2\x82\xb9", "INR" },
		{ "\xc2\xa5", "JPY" } };
	size_t i;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (strncmp(p, marks[i].mark, strlen(marks[i].mark)) == 0) {
			memcpy(code, marks[i].code, 4);
			return p + strlen(marks[i].mark);
		}
	if (isupper((unsigned char)p[0]) && isupper((unsigned char)p[1]) && isupper((unsigned char)p[2]) &&
	    !isalnum((unsigned char)p[3]) && rt_currency_exponent(p, 3) >= 0) {
		memcpy(code, p, 3);
		code[3] = '\0';
		return p + 3;
	}
	return NULL;
}

/* A number at p ("1,500", "25.00"), its digits without the commas into out; where it ends, or NULL. */
static const char *
number_at(const char *p, char *out, size_t size)
{
	size_t n = 0;

	if (!isdigit((unsigned char)*p))
		return NULL;
	for (; isdigit((unsigned char)*p) || (*p == ',' && isdigit((unsigned char)p[1])) ||
	     (*p == '.' && isdigit((unsigned char)p[1]));
	     p++)
		if (*p != ',' && n + 1 < size)
			out[n++] = *p;
	out[n] = '\0';
	/* "$5k", "$2M": not an amount rt reads exactly as written. */
	return isalnum((unsigned char)*p) ? NULL : p;
}

static const char *
skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Skips what may stand between "Budget" and its amount: ": ", " range: ", " of ", " (fixed): ". */
static const char *
lead_in(const char *p)
{
	static const char *const words[] = { "range", "rate", "fixed", "price", "of", "is", "about", "around",
		"max", "maximum", "up to" };
	size_t i, n;

	for (;;) {
		p += strspn(p, " \t:=-()*");
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
			n = strlen(words[i]);
			if (strncasecmp(p, words[i], n) == 0 && !isalpha((unsigned char)p[n]))
				break;
		}
		if (i == sizeof(words) / sizeof(words[0]))
			return p;
		p += n;
	}
}

/* Reads the amount after a keyword that ends at p; 0 when there is one. */
static int
amount_after(const char *p, int hourly, struct rt_budget *b)
{
	static const char *const per_hour[] = { "/hr", "/hour", "/h", "per hour", "an hour", "hourly" };
	char cur[4] = "", lo[32], hi[32] = "", code[4];
	const char *q;
	size_t i;
	int e;

	p = lead_in(p);
	if ((q = currency_at(p, cur)) != NULL)
		p = skip_space(q);
	if ((p = number_at(p, lo, sizeof(lo))) == NULL)
		return -1;
	q = skip_space(p);
	if (*q == '-' || strncmp(q, "\xe2\x80\x93", 3) == 0 || strncasecmp(q, "to ", 3) == 0) {
		q = skip_space(q + (*q == '-' ? 1 : 3));
		if (currency_at(q, code) != NULL)
			q = skip_space(currency_at(q, code));
		if ((q = number_at(q, hi, sizeof(hi))) != NULL)
			p = q;
		else
			hi[0] = '\0';
	}
	/* A code after the amount says more than a sign before it ("¥1,000 CNY"). */
	p = skip_space(p);
	if (isupper((unsigned char)*p) && (q = currency_at(p, code)) != NULL) {
		memcpy(cur, code, 4);
		p = skip_space(q);
	} else if (cur[0] == '\0' && (q = currency_at(p, cur)) != NULL)
		p = skip_space(q);
	for (i = 0; i < sizeof(per_hour) / sizeof(per_hour[0]); i++)
		if (strncasecmp(p, per_hour[i], strlen(per_hour[i])) == 0)
			hourly = 1;
	if (cur[0] == '\0' || (e = rt_currency_exponent(cur, 3)) < 0 ||
	    rt_money_parse(lo, strlen(lo), e, &b->min) != RT_MONEY_OK)
		return -1;
	b->max = b->min;
	if (hi[0] != '\0' && rt_money_parse(hi, strlen(hi), e, &b->max) != RT_MONEY_OK)
		return -1;
	if (b->max < b->min) { /* "$500 - $100": a range all the same */
		b->max = b->min;
		rt_money_parse(hi, strlen(hi), e, &b->min);
	}
	b->range = hi[0] != '\0';
	b->hourly = hourly;
	memcpy(b->currency, cur, 4);
	b->found = 1;
	return 0;
}

/*
 * The budget a job's text states: the first "Budget" or "Hourly" followed,
 * after at most a few words such as "range" or "of", by an amount with a
 * currency mark before or after it ("$500", "500 USD"; a comma groups
 * thousands, a dot is the decimal point), or a range of two
 * ("$25.00-$50.00", "$30 - $250 USD").  Hourly
 * when the keyword is "Hourly" or the amount is followed by "/hr", "per
 * hour" and the like.  Exact: 1,500 is 150000 cents, 12.345 USD is no
 * budget.  0 with b filled, or -1 when the text states none.
 */
int
rt_budget_find(const char *s, struct rt_budget *b)
{
	const char *p;

	memset(b, 0, sizeof(*b));
	for (p = s; *p != '\0'; p++) {
		if (p > s && isalpha((unsigned char)p[-1]))
			continue;
		if (strncasecmp(p, "budget", 6) == 0 && amount_after(p + 6, 0, b) == 0)
			return 0;
		if (strncasecmp(p, "hourly", 6) == 0 && amount_after(p + 6, 1, b) == 0)
			return 0;
	}
	memset(b, 0, sizeof(*b));
	return -1;
}
