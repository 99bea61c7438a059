/*
 * What a sign-in through a web form needs beyond plain HTTP: a body encoded
 * as application/x-www-form-urlencoded, and the cookies the site sets treated
 * as the secrets they are, since a session cookie opens the account as the
 * password does.
 */
#include <stdlib.h>
#include <string.h>

#include "rt_cred.h"
#include "rt_form.h"

/* Appends name=value to a form body, both escaped by libcurl; no copy of value is left behind. */
void
rt_form_add(struct rt_buf *b, const char *name, const char *value)
{
	char *n = rt_http_escape(name), *v = rt_http_escape(value);

	if (b->len > 0)
		rt_buf_addc(b, '&');
	rt_buf_addf(b, "%s=%s", n, v);
	explicit_bzero(v, strlen(v));
	free(v);
	free(n);
}

/*
 * Registers the value of every cookie the engine holds as a secret, masked
 * in every message; one shorter than RT_SECRET_MIN (a language, a flag) is
 * no session and is left alone, as masking it would hide every match.
 */
void
rt_form_mask_cookies(struct rt_http *h, struct rt_http_req *r)
{
	struct curl_slist *list = NULL, *c;
	const char *v;

	if (r->easy == NULL || curl_easy_getinfo(r->easy, CURLINFO_COOKIELIST, &list) != CURLE_OK)
		return;
	/* Netscape format: domain, subdomains, path, secure, expiry, name, value. */
	for (c = list; c != NULL; c = c->next)
		if ((v = strrchr(c->data, '\t')) != NULL && strlen(v + 1) >= RT_SECRET_MIN)
			rt_http_secret(h, v + 1);
	curl_slist_free_all(list);
}
