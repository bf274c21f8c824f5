// The article's two restaurant reviews, shared by the tests of src/.
export const REVIEWS = ["Delightful place to have dinner", "Food was nice but service wasn't"];
