// One error type for every answer that is not a 200, so each module can throw and the server
// turns it into the awsJson1_1 error body `{"__type", "message"}` with the right status.

/**
 * HTTP status per error code. Modeled Personalize errors use the SDK's Smithy httpError (the API
 * reference pages say 400 for all); the rest are the AWS common errors as AWS sends them.
 * @type {Record<string, number>}
 */
const STATUS = {
  InvalidInputException: 400,
  InvalidNextTokenException: 400,
  TooManyTagsException: 400,
  LimitExceededException: 409,
  ResourceAlreadyExistsException: 403,
  ResourceInUseException: 409,
  ResourceNotFoundException: 404,
  SerializationException: 400,
  UnknownOperationException: 400,
  ThrottlingException: 400,
  AccessDeniedException: 400,
  ExpiredTokenException: 400,
  MissingAuthenticationTokenException: 403,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  IncompleteSignatureException: 403,
  // STS (query protocol), from botocore's sts model and AWS's answers.
  InvalidIdentityToken: 400,
  IDPCommunicationError: 400,
  IDPRejectedClaim: 403,
  AccessDenied: 403,
  ValidationError: 400,
  InvalidAction: 400,
  Throttling: 400,
  InternalFailure: 500,
  ServiceUnavailable: 503
}

export class ApiError extends Error {
  /**
   * @param {string} type the `__type` sent to the client
   * @param {string} message
   */
  constructor(type, message) {
    super(message)
    this.type = type
    this.status = STATUS[type] ?? 400
  }
}
