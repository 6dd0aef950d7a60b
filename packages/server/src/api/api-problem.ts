import type { Problem } from "../http/respond.js";

/** Thrown by handlers and validators; the API answers it as problem+json. */
export class ApiProblem extends Error {
  readonly problem: Problem;
  readonly headers: Readonly<Record<string, string>>;
  constructor(problem: Problem, headers: Readonly<Record<string, string>> = {}) {
    super(problem.detail ?? problem.title);
    this.name = "ApiProblem";
    this.problem = problem;
    this.headers = headers;
  }
}

/** One validation failure: a JSON pointer into the request body and what is wrong there. */
export interface FieldError {
  readonly pointer: string;
  readonly message: string;
}

/** A 400 with the validation failures. */
export function invalidBody(errors: readonly FieldError[]): ApiProblem {
  return new ApiProblem({
    title: "Invalid request body",
    status: 400,
    detail: errors.map((e) => `${e.pointer || "/"}: ${e.message}`).join("; "),
    errors,
  });
}

/** A 400 for a bad query parameter. */
export function invalidQuery(name: string, message: string): ApiProblem {
  return new ApiProblem({ title: "Invalid query parameter", status: 400, detail: `${name}: ${message}` });
}

/** A 404 for a resource that does not exist. */
export function notFound(what: string): ApiProblem {
  return new ApiProblem({ title: "Not found", status: 404, detail: `${what} does not exist` });
}
