/**
 * Short restaurant reviews with a sentiment label, for the many-to-one classifier of article 06. They were
 * WRITTEN FOR THIS COURSE (not collected from real customers), in the style of the article's two examples;
 * see README.md in this folder.
 *
 * @example
 *   RESTAURANT_REVIEWS[0];        // { text: "delightful place to have dinner", label: "positive" }
 *   reviewSplit().test.length;    // every fourth review is held out: 16
 */
export interface Review {
  text: string;
  label: "positive" | "negative";
}

const POSITIVE = [
  "delightful place to have dinner",
  "the food was delicious and the staff were friendly",
  "great pasta and a lovely view",
  "friendly service and fresh bread",
  "the soup was warm and tasty",
  "we loved the dessert",
  "lovely staff and great coffee",
  "the pizza was fresh and delicious",
  "excellent fish and a friendly waiter",
  "a cosy place with tasty food",
  "the best burger in town",
  "fast service and a lovely terrace",
  "the chef was friendly and the food was great",
  "we will come back for the curry",
  "fresh salad and excellent wine",
  "the waiter was kind and quick",
  "great food at a fair price",
  "delicious cake and lovely tea",
  "the noodles were tasty and hot",
  "a friendly place for lunch",
  "excellent service and delicious steak",
  "the rice was perfect",
  "lovely dinner with friends",
  "tasty tacos and friendly staff",
  "the coffee was great and the cake was fresh",
  "we enjoyed every dish",
  "kind staff and a warm welcome",
  "the lamb was excellent",
  "great value and quick service",
  "a delightful lunch in the garden",
  "the food was nice and the service was fast",
  "perfect pancakes and friendly people",
];

const NEGATIVE = [
  "food was nice but service wasn't",
  "the soup was cold and salty",
  "rude staff and a dirty table",
  "we waited an hour for cold pizza",
  "the fish was dry and bland",
  "slow service and a noisy room",
  "the waiter was rude",
  "the bread was stale",
  "awful coffee and a long wait",
  "the pasta was bland and cold",
  "too expensive for tiny portions",
  "the burger was burnt",
  "dirty plates and slow staff",
  "we will not come back",
  "the curry was far too salty",
  "the dessert was stale and dry",
  "a noisy place with rude waiters",
  "the steak was tough and cold",
  "we waited ages for the bill",
  "bland rice and a dirty floor",
  "the salad was old and the wine was warm",
  "slow and rude service",
  "the noodles were cold",
  "overpriced and bland food",
  "the tea was cold and the cake was stale",
  "the staff ignored us",
  "a long wait for a cold dinner",
  "the lamb was dry",
  "awful service and tiny portions",
  "the tacos were soggy and cold",
  "the food was awful",
  "a dirty place with slow service",
];

/** Positive and negative reviews interleaved, so that any slice holds both. */
export const RESTAURANT_REVIEWS: Review[] = POSITIVE.flatMap((text, i) => [
  { text, label: "positive" as const },
  { text: NEGATIVE[i], label: "negative" as const },
]);

/** A fixed split: every fourth positive–negative pair (the 4th, 8th, ...) for testing, the rest for training. */
export function reviewSplit(): { train: Review[]; test: Review[] } {
  const held = (i: number) => Math.floor(i / 2) % 4 === 3;
  return {
    train: RESTAURANT_REVIEWS.filter((_, i) => !held(i)),
    test: RESTAURANT_REVIEWS.filter((_, i) => held(i)),
  };
}
