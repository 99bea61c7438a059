// Signs a webhook body the way Stripe does, with Stripe's own library:
// prints the Stripe-Signature header for the body on stdin.
// usage: STRIPE_WEBHOOK_SECRET=whsec_... node tests/node/sign.js TIMESTAMP < body
'use strict';
const Stripe = require('stripe');

const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  const stripe = Stripe('sk_test_unused');
  const header = stripe.webhooks.generateTestHeaderString({
    payload: Buffer.concat(chunks).toString('utf8'),
    secret: process.env.STRIPE_WEBHOOK_SECRET,
    timestamp: Number(process.argv[2]),
  });
  process.stdout.write(header + '\n');
});
