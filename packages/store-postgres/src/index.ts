/** store-postgres */
export {};
