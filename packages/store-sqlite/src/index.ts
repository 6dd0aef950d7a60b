/** store-sqlite */
export {};
