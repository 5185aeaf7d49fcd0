// No configuration about pmp-client: the test shows a Next.js app needs none.
export default {};
