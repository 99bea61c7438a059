/*
 * Finding an attribute in a web page with libxml2's HTML parser, which reads
 * tag soup the way a browser does: attributes in any order or quoting,
 * comments, scripts and broken markup are its problem, not a regular
 * expression's.  It never reaches the network and reports nothing of the
 * page's own errors.  The page comes from a server, so this is the place to
 * fuzz.
 */
#include <limits.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "rt_err.h"
#include "rt_html.h"

/* libxml2 reports some errors (bytes that are not in the page's encoding) past HTML_PARSE_NOERROR. */
static void
quiet(void *ctx, const char *msg, ...)
{
}

/* The next element after n in document order, descending first. */
static xmlNode *
next_node(xmlNode *n)
{
	if (n->children != NULL)
		return n->children;
	while (n != NULL && n->next == NULL)
		n = n->parent;
	return n != NULL ? n->next : NULL;
}

/*
 * The value of attribute want on the first <tag> whose attribute key is
 * value (compared without case, as HTML does for names and types), e.g.
 * ("meta", "name", "csrf-token", "content").  A copy the caller frees, or
 * NULL when the page has no such element or attribute.
 */
char *
rt_html_attr(
    const char *html, size_t len, const char *tag, const char *key, const char *value, const char *want)
{
	htmlDocPtr doc;
	xmlNode *n;
	xmlChar *k, *w;
	char *out = NULL;

	if (len == 0 || len > INT_MAX)
		return NULL;
	xmlSetGenericErrorFunc(NULL, quiet);
	doc = htmlReadMemory(
	    html, (int)len, NULL, NULL, HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	if (doc == NULL)
		return NULL;
	for (n = xmlDocGetRootElement(doc); n != NULL && out == NULL; n = next_node(n)) {
		if (n->type != XML_ELEMENT_NODE || strcasecmp((const char *)n->name, tag) != 0)
			continue;
		if ((k = xmlGetProp(n, (const xmlChar *)key)) == NULL)
			continue;
		if (strcasecmp((const char *)k, value) == 0 &&
		    (w = xmlGetProp(n, (const xmlChar *)want)) != NULL) {
			out = rt_estrdup((const char *)w);
			xmlFree(w);
		}
		xmlFree(k);
	}
	xmlFreeDoc(doc);
	return out;
}

/*
 * Appends text with every run of white space (a no-break space too) made
 * one space, none at either end: what a browser shows of it.
 */
void
rt_text_squeeze(struct rt_buf *b, const char *s, size_t n)
{
	size_t i, w;
	int gap = 0;

	for (i = 0; i < n; i += w) {
		w = (unsigned char)s[i] == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xa0 ? 2 : 1;
		if (w == 2 || s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' ||
		    s[i] == '\v') {
			gap = 1;
			continue;
		}
		if (gap && b->len > 0 && b->p[b->len - 1] != ' ')
			rt_buf_addc(b, ' ');
		gap = 0;
		rt_buf_addc(b, s[i]);
	}
}

/* Elements that end a line or a block where a browser shows them: a space in plain text. */
static int
breaks(const xmlNode *n)
{
	static const char *const names[] = { "br", "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4",
		"h5", "h6", "ul", "ol", "table", "hr", "blockquote", "pre" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp((const char *)n->name, names[i]) == 0)
			return 1;
	return 0;
}

static void
text_of(const xmlNode *n, struct rt_buf *raw)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content != NULL)
				rt_buf_adds(raw, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || strcasecmp((const char *)n->name, "script") == 0 ||
		    strcasecmp((const char *)n->name, "style") == 0)
			continue;
		if (breaks(n))
			rt_buf_addc(raw, ' ');
		text_of(n->children, raw);
		if (breaks(n))
			rt_buf_addc(raw, ' ');
	}
}

/*
 * The text an HTML fragment shows, as one line: tags gone, entities
 * decoded, a space for each line or block break, white space squeezed.
 * A job's description arrives so in a feed.  A copy the caller frees.
 */
char *
rt_html_text(const char *html, size_t len)
{
	struct rt_buf raw = { 0 }, out = { 0 };
	htmlDocPtr doc;
	char *text;

	if (memchr(html, '<', len) == NULL && memchr(html, '&', len) == NULL)
		rt_buf_add(&raw, html, len);
	else if (len <= INT_MAX) {
		xmlSetGenericErrorFunc(NULL, quiet);
		doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
		    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
		if (doc != NULL) {
			text_of(doc->children, &raw);
			xmlFreeDoc(doc);
		}
	}
	rt_text_squeeze(&out, raw.p != NULL ? raw.p : "", raw.len);
	text = rt_estrdup(rt_buf_str(&out));
	rt_buf_free(&raw);
	rt_buf_free(&out);
	return text;
}

/*
 * Text for a page rt writes: the five characters that could end an
 * element, an attribute or a script are written as entities, and control
 * characters (but tab and newline) as spaces, so that text from a record
 * (a client name) is only ever text.  Invalid UTF-8 was refused on input.
 */
void
rt_html_escape(struct rt_buf *b, const char *s, size_t n)
{
	const char *e = s + n, *run = s;
	unsigned char c;

	for (; s < e; s++) {
		c = (unsigned char)*s;
		if (c >= 0x20 && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'' && c != 0x7f)
			continue;
		rt_buf_add(b, run, (size_t)(s - run));
		run = s + 1;
		switch (c) {
		case '&':
			rt_buf_adds(b, "&amp;");
			break;
		case '<':
			rt_buf_adds(b, "&lt;");
			break;
		case '>':
			rt_buf_adds(b, "&gt;");
			break;
		case '"':
			rt_buf_adds(b, "&quot;");
			break;
		case '\'':
			rt_buf_adds(b, "&#39;");
			break;
		default:
			rt_buf_addc(b, c == '\t' || c == '\n' ? (char)c : ' ');
			break;
		}
	}
	rt_buf_add(b, run, (size_t)(e - run));
}
