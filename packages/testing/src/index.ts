/** testing */
export {};
