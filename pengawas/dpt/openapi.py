"""The OpenAPI 3.1 description of the public Cek DPT API, served at /api/v1/openapi.json.

The response schemas are strict (every key required, no extra keys): the tests check real
responses against them, so the document cannot drift from the code unnoticed.
"""

from typing import Any

_NULLABLE_STRING: dict[str, Any] = {"type": ["string", "null"]}
_TIME = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "examples": ["13:00"]}

_ERROR_CODES = ["nik_required", "nik_not_digits", "nik_length", "rate_limited"]
# GET and POST give the same three answers.
_OPERATION_RESPONSES: dict[str, Any] = {
    "200": {"$ref": "#/components/responses/LookupOk"},
    "400": {"$ref": "#/components/responses/InvalidNik"},
    "429": {"$ref": "#/components/responses/RateLimited"},
}

OPENAPI_DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Pengawas — Cek DPT",
        "version": "1.0.0",
        "summary": "Cek apakah sebuah NIK terdaftar di daftar pemilih (DPS/DPSHP/DPT).",
        "description": (
            "API publik tanpa login. Jawaban hanya memuat nama yang disamarkan sebagian, "
            "nomor TPS, desa/kelurahan dan kecamatan; tidak pernah NIK lengkap, NKK, tanggal "
            "lahir, atau alamat. Jawaban untuk NIK yang terdaftar dan yang tidak terdaftar "
            "memiliki bentuk yang sama: status 200, kunci yang sama, dan satu entri untuk "
            "setiap pemilihan yang memiliki daftar pemilih.\n\n"
            "Gunakan POST (isian formulir `nik`) bila memungkinkan: NIK di query string GET "
            "dapat tercatat di riwayat peramban, log proxy, atau log server.\n\n"
            "Batas permintaan: sejumlah pencarian per alamat klien per menit (halaman Cek DPT "
            "dan API dihitung bersama, termasuk isian yang tidak sah). Di atas batas itu "
            "jawaban 429 dengan header Retry-After."
        ),
        "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
    },
    "paths": {
        "/api/v1/cek-dpt": {
            "get": {
                "operationId": "cekDptGet",
                "summary": "Cek NIK di daftar pemilih (GET)",
                "tags": ["Cek DPT"],
                "parameters": [
                    {
                        "name": "nik",
                        "in": "query",
                        "required": True,
                        "description": (
                            "NIK 16 digit. Spasi, titik, dan tanda hubung diabaikan; "
                            "selain itu harus tepat 16 angka (tidak ada pencarian sebagian)."
                        ),
                        "schema": {"type": "string", "maxLength": 64},
                        # Fictitious: kecamatan 99 does not exist in Kabupaten Blitar.
                        "example": "3505994101800001",
                    }
                ],
                "responses": _OPERATION_RESPONSES,
            },
            "post": {
                "operationId": "cekDptPost",
                "summary": "Cek NIK di daftar pemilih (POST, disarankan)",
                "tags": ["Cek DPT"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {"$ref": "#/components/schemas/LookupForm"}
                        },
                        "multipart/form-data": {
                            "schema": {"$ref": "#/components/schemas/LookupForm"}
                        },
                    },
                },
                "responses": _OPERATION_RESPONSES,
            },
        }
    },
    "components": {
        "schemas": {
            "LookupForm": {
                "type": "object",
                "required": ["nik"],
                "properties": {
                    "nik": {
                        "type": "string",
                        "maxLength": 64,
                        "description": "NIK 16 digit (spasi, titik, tanda hubung diabaikan).",
                    }
                },
            },
            "LookupResponse": {
                "type": "object",
                "additionalProperties": False,
                "required": ["nik", "results", "message"],
                "properties": {
                    "nik": {
                        "type": "string",
                        "description": "NIK yang dicari, disamarkan: 4 digit awal dan akhir.",
                        "pattern": "^[0-9]{4}\\*{8}[0-9]{4}$",
                        "examples": ["3505********0001"],
                    },
                    "results": {
                        "type": "array",
                        "description": (
                            "Satu entri untuk setiap pemilihan yang memiliki daftar pemilih, "
                            "baik NIK ditemukan maupun tidak."
                        ),
                        "items": {"$ref": "#/components/schemas/LookupResult"},
                    },
                    "message": {
                        "type": "string",
                        "description": "Ringkasan jawaban dan saran, dalam Bahasa Indonesia.",
                    },
                },
            },
            "LookupResult": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "election",
                    "stage",
                    "searchable",
                    "found",
                    "name",
                    "tps",
                    "desa",
                    "kecamatan",
                ],
                "properties": {
                    "election": {"$ref": "#/components/schemas/Election"},
                    "stage": {
                        "type": "string",
                        "enum": ["DPS", "DPSHP", "DPT"],
                        "description": "Tahap daftar pemilih yang dipakai untuk pencarian.",
                    },
                    "searchable": {
                        "type": "boolean",
                        "description": (
                            "false bila daftar pemilih pemilihan ini tidak memuat NIK, "
                            "sehingga tidak dapat dicek dengan NIK (found selalu false)."
                        ),
                    },
                    "found": {"type": "boolean"},
                    "name": {
                        **_NULLABLE_STRING,
                        "description": "Nama yang disamarkan, mis. SIT* AMI***; null bila "
                        "tidak ditemukan.",
                    },
                    "tps": {
                        "type": ["string", "null"],
                        "pattern": "^TPS [0-9]{3,}$",
                        "examples": ["TPS 003"],
                    },
                    "desa": {**_NULLABLE_STRING, "description": "Desa/kelurahan TPS."},
                    "kecamatan": {**_NULLABLE_STRING, "description": "Kecamatan TPS."},
                },
            },
            "Election": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "code",
                    "name",
                    "kind",
                    "voting_day",
                    "voting_opens",
                    "voting_closes",
                    "ktp_el_voting",
                ],
                "properties": {
                    "code": {"type": "string"},
                    "name": {"type": "string"},
                    "kind": {"type": "string", "enum": ["pilkada", "pemilu"]},
                    "voting_day": {"type": "string", "format": "date"},
                    "voting_opens": {**_TIME, "description": "Jam buka TPS, waktu setempat."},
                    "voting_closes": {**_TIME, "description": "Jam tutup TPS, waktu setempat."},
                    "ktp_el_voting": {"$ref": "#/components/schemas/KtpElVoting"},
                },
            },
            "KtpElVoting": {
                "type": "object",
                "additionalProperties": False,
                "description": (
                    "Pemilih yang memenuhi syarat tetapi tidak terdaftar tetap dapat memilih "
                    "dengan KTP-el di TPS sesuai alamat pada KTP-el, pada jam terakhir "
                    "pemungutan suara, selama surat suara masih tersedia. Ia dicatat di "
                    "DPTb (Pilkada) atau DPK (Pemilu)."
                ),
                "required": ["list", "list_name", "from", "until"],
                "properties": {
                    "list": {"type": "string", "enum": ["DPTb", "DPK"]},
                    "list_name": {"type": "string"},
                    "from": _TIME,
                    "until": _TIME,
                },
            },
            "Error": {
                "type": "object",
                "additionalProperties": False,
                "required": ["error"],
                "properties": {
                    "error": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["code", "message"],
                        "properties": {
                            "code": {"type": "string", "enum": _ERROR_CODES},
                            "message": {
                                "type": "string",
                                "description": "Penjelasan dalam Bahasa Indonesia.",
                            },
                        },
                    }
                },
            },
        },
        "responses": {
            "LookupOk": {
                "description": "Jawaban pencarian (NIK ditemukan atau tidak; bentuknya sama).",
                "headers": {"Cache-Control": {"$ref": "#/components/headers/CacheControl"}},
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/LookupResponse"}}
                },
            },
            "InvalidNik": {
                "description": "Isian NIK tidak sah (kosong, bukan angka, atau bukan 16 digit).",
                "headers": {"Cache-Control": {"$ref": "#/components/headers/CacheControl"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            },
            "RateLimited": {
                "description": "Terlalu banyak permintaan dari alamat ini; coba lagi nanti.",
                "headers": {
                    "Retry-After": {"$ref": "#/components/headers/RetryAfter"},
                    "Cache-Control": {"$ref": "#/components/headers/CacheControl"},
                },
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            },
        },
        "headers": {
            "CacheControl": {
                "description": "Jawaban tidak boleh disimpan di cache: no-store.",
                "schema": {"type": "string"},
            },
            "RetryAfter": {
                "description": "Detik yang harus ditunggu sebelum mencoba lagi.",
                "schema": {"type": "integer", "minimum": 1},
            },
        },
    },
}
