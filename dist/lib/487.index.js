export const id = 487;
export const ids = [487];
export const modules = {

/***/ 2487:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AssumeRoleCommand: () => (/* reexport safe */ _aws_sdk_nested_clients_sts__WEBPACK_IMPORTED_MODULE_0__.QL),
/* harmony export */   STSClient: () => (/* reexport safe */ _aws_sdk_nested_clients_sts__WEBPACK_IMPORTED_MODULE_0__.iM)
/* harmony export */ });
/* harmony import */ var _aws_sdk_nested_clients_sts__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1136);




/***/ })

};
